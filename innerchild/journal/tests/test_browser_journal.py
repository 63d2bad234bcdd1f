"""The journal as a person uses it, in a real browser, with an accessibility check per page."""

import re

import pytest
from playwright.sync_api import expect

from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person
from innerchild.journal.tests.helpers import write_trigger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def complete_signs_self_check(person, strongest: str):
    """A completed signs self-check where `strongest` is rated highest."""
    from innerchild.assessments.actions import do_submit_answers
    from innerchild.assessments.instruments import get_instrument
    from innerchild.core.signs import sign_ids

    answers = [4 if sign == strongest else 1 for sign in sign_ids()]
    do_submit_answers(person, get_instrument("signs"), answers)


def test_a_dialogue_is_written_found_by_search_and_the_prompt_follows_a_new_self_check(
    page, axe_check
):
    person = make_person("wren@example.org", "Wren")
    log_in(page, person.email)

    page.goto("/journal/")
    prompt_before = page.get_by_test_id("today-prompt").inner_text()
    axe_check(page)

    page.get_by_role("link", name="Dialogue", exact=True).click()
    page.get_by_label("Title").fill("Talking about the lighthouse")
    page.get_by_label("Me now, turn 1").fill("Are you still scared of the storm?")
    page.get_by_label("Little me, turn 2").fill("A bit. The lighthouse keeps blinking though.")
    page.get_by_role("button", name="Add two more turns").click()
    page.get_by_label("Me now, turn 7").fill("I am here with you until it passes.")
    page.get_by_text("Draft saved at").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(re.compile(r".*/journal/entries/[0-9a-f-]+/$"))
    expect(page.get_by_text("Little me", exact=True)).to_be_visible()
    expect(page.get_by_text("I am here with you until it passes.")).to_be_visible()
    axe_check(page)

    page.goto("/journal/")
    page.get_by_label("Words").fill("lighthouse")
    page.get_by_role("button", name="Search").click()
    result = page.get_by_role("link", name="Talking about the lighthouse")
    result.wait_for()
    # The words searched for stay out of the address (and so out of history and logs).
    assert "search=" in page.url
    assert "lighthouse" not in page.url
    assert page.get_by_label("Words").input_value() == "lighthouse"
    axe_check(page)
    result.click()
    page.wait_for_url(re.compile(r".*/journal/entries/.*"))

    complete_signs_self_check(person, "abandonment")
    page.goto("/journal/")
    prompt_after = page.get_by_test_id("today-prompt").inner_text()
    assert prompt_after != prompt_before


def test_each_journal_page_type_is_accessible(page, axe_check):
    person = make_person("fern@example.org", "Fern")
    trigger = write_trigger(person, situation="A door slammed", intensity=7, need="safety")
    write_trigger(person, situation="Raised voices", intensity=4, need="comfort")
    log_in(page, person.email)
    for url in (
        "/journal/new/",
        "/journal/new/?kind=letter_from",
        "/journal/trigger/new/",
        f"/journal/entries/{trigger.id}/",
        f"/journal/entries/{trigger.id}/edit/",
        f"/journal/entries/{trigger.id}/delete/",
        "/journal/prompts/",
        "/journal/affirmations/",
        "/journal/younger-self/",
        "/dashboard/",
    ):
        page.goto(url)
        axe_check(page)
    page.goto("/journal/triggers/")
    page.locator("#trigger-needs-chart").wait_for()
    page.wait_for_function("() => window.Chart && Chart.getChart('trigger-needs-chart')")
    expect(page.get_by_role("row", name=re.compile("Safety"))).to_be_visible()
    axe_check(page)
