"""Shared layout, as people saw it on a phone: question titles drawn across their box's border and
list bullets beside buttons."""

import pytest
from playwright.sync_api import expect

from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# For each fieldset with a legend: the legend's box and the inside of the fieldset's border.
LEGEND_BOXES = """() => Array.from(document.querySelectorAll("main fieldset")).flatMap(fieldset => {
  const legend = fieldset.querySelector(":scope > legend");
  if (!legend || !legend.offsetHeight) return [];
  const outer = fieldset.getBoundingClientRect(), style = getComputedStyle(fieldset);
  const inner = {
    top: outer.top + parseFloat(style.borderTopWidth),
    left: outer.left + parseFloat(style.borderLeftWidth),
    right: outer.right - parseFloat(style.borderRightWidth),
    bottom: outer.bottom - parseFloat(style.borderBottomWidth),
  };
  const box = legend.getBoundingClientRect();
  return [{text: legend.innerText, lines: Math.round(box.height / parseFloat(getComputedStyle(legend).lineHeight)),
           inside: box.top >= inner.top - 0.5 && box.left >= inner.left - 0.5
                   && box.right <= inner.right + 0.5 && box.bottom <= inner.bottom + 0.5}];
})"""


def assert_legends_inside_their_boxes(page, what):
    boxes = page.evaluate(LEGEND_BOXES)
    assert boxes, f"no question titles found on {what}"
    assert any(box["lines"] >= 2 for box in boxes), f"no two-line question title on {what}"
    outside = [box["text"] for box in boxes if not box["inside"]]
    assert not outside, f"question titles across their box's border on {what}: {outside}"


def test_two_line_question_titles_stay_inside_their_boxes_on_a_phone(page, axe_check):
    sam = make_person("sam@example.org", "Sam")
    page.set_viewport_size(PHONE)
    log_in(page, sam.email)
    page.goto("/safety/readiness/")
    expect(page.get_by_role("heading", name="Before we go deeper")).to_be_visible()
    assert_legends_inside_their_boxes(page, "the readiness page")
    axe_check(page)

    page.goto("/assessments/phq9/")
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_role("heading", name="Question 1 of 9")).to_be_visible()
    assert_legends_inside_their_boxes(page, "a questionnaire")


def test_the_are_you_safe_choices_are_buttons_without_bullets(page, axe_check):
    sam = make_person("sam@example.org", "Sam")
    log_in(page, sam.email)
    for size in ({"width": 1280, "height": 900}, PHONE):
        page.set_viewport_size(size)
        page.goto("/safety/are-you-safe/")
        expect(page.get_by_role("link", name="I'm okay")).to_be_visible()
        items = page.locator("main li").filter(has=page.locator("a.button"))
        expect(items).to_have_count(4)
        for i in range(4):
            expect(items.nth(i)).to_have_css("list-style-type", "none")
    axe_check(page)
