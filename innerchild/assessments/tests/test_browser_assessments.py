"""Taking questionnaires as a person does, in a real browser, with axe-core on every page type."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from innerchild.assessments.tests.helpers import bulk_results, complete
from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGN_ANSWERS = (
    ["Rarely", "Never", "Sometimes", "Almost always", "Often"] + ["Never"] * 4 + ["Almost always"]
)


def answer(page, label: str, *, last: bool = False) -> None:
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="See my result" if last else "Next").click()


def test_taking_the_signs_self_check_names_the_strongest_signs(page, axe_check):
    make_person("robin@example.org", "Robin")
    log_in(page, "robin@example.org", next_url="/assessments/")
    axe_check(page)
    page.get_by_role("link", name="The ten signs self-check").click()
    expect(page.get_by_text("It is not a clinical test")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_role("heading", name="Question 1 of 10")).to_be_visible()
    expect(page.get_by_role("group", name="Feelings of inadequacy or unworthiness")).to_be_visible()
    axe_check(page)
    for number, label in enumerate(SIGN_ANSWERS, start=1):
        answer(page, label, last=number == len(SIGN_ANSWERS))
    page.wait_for_url(re.compile(r"/result/$"))
    strongest = page.locator("ol.strongest-signs li").all_inner_texts()
    assert strongest == [
        "Overreacting to triggers from the past",
        "Difficulty coping with stress or emotional challenges",
        "Low self-esteem and self-criticism",
    ]
    axe_check(page)


def test_stopping_part_way_and_resuming_returns_to_the_same_question(page):
    make_person("sky@example.org", "Sky")
    log_in(page, "sky@example.org", next_url="/assessments/gad7/")
    page.get_by_role("button", name="Begin").click()
    answer(page, "Several days")
    page.get_by_label("Nearly every day", exact=True).check()
    page.get_by_role("button", name="Save and stop for now").click()
    page.wait_for_url("**/assessments/")
    expect(page.get_by_text("Your answers are saved")).to_be_visible()
    page.get_by_role("link", name="Continue where you stopped").click()
    expect(page.get_by_role("heading", name="Question 3 of 7")).to_be_visible()
    page.get_by_role("link", name="Back").click()
    assert page.get_by_label("Nearly every day", exact=True).is_checked()


def test_phq9_with_item_nine_positive_lands_in_the_safety_flow(page):
    make_person("ash@example.org", "Ash")
    log_in(page, "ash@example.org", next_url="/assessments/phq9/")
    page.get_by_role("button", name="Begin").click()
    for _ in range(8):
        answer(page, "Not at all")
    answer(page, "Several days", last=True)
    page.wait_for_url(re.compile(r"/safety/crisis/"))
    assert page.url.split("?")[0].endswith("/safety/crisis/")
    assert "next=%2Fassessments%2Fasq%2F" in page.url
    expect(page.get_by_role("heading").first).to_be_visible()


def test_history_shows_a_chart_and_a_table_and_the_dashboard_card(page, axe_check):
    person = make_person("kai@example.org", "Kai")
    for days_ago, answers in ((28, [2] * 9), (14, [1] * 9), (0, [1] * 5 + [0] * 4)):
        complete(person, "phq9", answers, days_ago=days_ago)
    complete(person, "signs", [0, 0, 0, 3, 0, 0, 0, 4, 0, 0], days_ago=16)
    log_in(page, "kai@example.org", next_url="/assessments/phq9/history/")
    page.wait_for_function(
        "() => window.Chart && window.Chart.getChart(document.getElementById('history-chart'))"
    )
    expect(page.locator("table.history-list tbody tr")).to_have_count(3)
    expect(page.get_by_role("navigation", name="More results")).to_have_count(0)
    expect(page.get_by_text("This is a meaningful change.")).to_be_visible()
    axe_check(page)
    page.goto("/dashboard/")
    card = page.locator("section[aria-labelledby=panel-assessments]")
    expect(card.get_by_text("Fear of abandonment or rejection")).to_be_visible()
    expect(card.get_by_text("Time to take these again")).to_be_visible()
    axe_check(page, context="section[aria-labelledby=panel-assessments]")


def test_a_long_history_pages_by_keyboard(page, axe_check):
    person = make_person("noa@example.org", "Noa")
    bulk_results(person, 120)
    log_in(page, "noa@example.org", next_url="/assessments/phq9/history/")
    expect(page.get_by_test_id("chart-latest")).to_contain_text("your latest 60 results")
    expect(page.locator("table.history-list tbody tr")).to_have_count(50)
    paging = page.get_by_role("navigation", name="More results")
    expect(paging).to_contain_text("Page 1 of 3")
    axe_check(page)
    paging.get_by_role("link", name="Older results").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**?page=2")
    expect(paging).to_contain_text("Page 2 of 3")
    expect(paging.get_by_role("link", name="Newer results")).to_be_visible()
    axe_check(page)
    page.goto("/assessments/phq9/history/?page=9")
    expect(page.get_by_role("status")).to_contain_text("this is the last one")
    expect(page.locator("table.history-list tbody tr")).to_have_count(20)
    axe_check(page)


def test_ace_starts_with_framing_and_offers_grounding_after(page, axe_check):
    make_person("lee@example.org", "Lee")
    log_in(page, "lee@example.org", next_url="/assessments/ace/")
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_text("Please tick the box")).to_be_visible()
    axe_check(page)
    page.get_by_label("I have read this and I want to answer these questions now.").check()
    page.get_by_role("button", name="Begin").click()
    for number in range(1, 11):
        answer(page, "No", last=number == 10)
    page.wait_for_url(re.compile(r"/result/$"))
    expect(page.get_by_role("link", name="Try a grounding exercise")).to_be_visible()
    axe_check(page)
