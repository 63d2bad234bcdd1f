"""What people saw in guided sessions: raw Markdown on the summary, a page pushed sideways by one
long word, a distress scale on two rows, a long feelings list, empty visualisation steps, and
controls whose names clashed or repeated. Each walked in a real browser."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from innerchild.core import dashboard
from innerchild.core.testing import make_person
from innerchild.guide.models import SessionRun
from innerchild.guide.scripts import get_script
from innerchild.guide.tests.helpers import answer_for
from innerchild.guide.tests.test_browser_player import MEETING, log_in, run_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "b" * 1_000  # the longest an intention may be
WIDTHS = (1280, 390)


def finished_run(person, hope: str = "To feel a little closer to her.") -> SessionRun:
    """A finished session, answered step by step the way the pages are posted."""
    client = Client()
    client.force_login(person)
    client.post(f"/guide/scripts/{MEETING}/start/")
    run = SessionRun.objects.latest("started_at")
    script = get_script(MEETING)
    while run.is_in_progress:
        step = script.step(run.current_step)
        answer = answer_for(step)
        if step.type == "intention":
            answer["hope"] = hope
        response = client.post(run.step_url(step.index), answer)
        assert response.status_code == 302, (step.index, response.status_code)
        run.refresh_from_db()
    return run


def assert_no_sideways_scroll(page, what):
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{what} is {widths[0]} px wide in a {widths[1]} px window"


def test_the_finished_session_page_shows_what_was_written_as_text_not_markdown(page, axe_check):
    robin = make_person("robin@example.org", "Robin")
    run = finished_run(robin)
    log_in(page, robin.email, next_url=run.get_absolute_url())
    body = page.locator(".run-body")
    expect(body.locator("strong").first).to_have_text("What I hoped for")
    expect(body).to_contain_text("To feel a little closer to her.")
    expect(body).not_to_contain_text("**")
    expect(body).not_to_contain_text("##")
    axe_check(page)


def test_one_very_long_word_never_pushes_the_session_pages_sideways(page):
    robin = make_person("robin@example.org", "Robin")
    run = finished_run(robin, hope=LONG_WORD)
    log_in(page, robin.email, next_url=run.get_absolute_url())
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(run.get_absolute_url())
        expect(page.get_by_text(LONG_WORD)).to_be_visible()
        assert_no_sideways_scroll(page, f"the finished-session page at {width}")
        page.goto("/guide/history/")
        expect(page.get_by_role("heading", name="Every session")).to_be_visible()
        assert_no_sideways_scroll(page, f"the session history at {width}")


def choice_boxes(page):
    choices = page.locator(".distress-choice")
    expect(choices).to_have_count(11)
    return [choices.nth(i).bounding_box() for i in range(11)]


def test_the_distress_scale_is_one_row_on_a_wide_screen_and_three_tidy_rows_on_a_phone(
    page, axe_check
):
    robin = make_person("robin@example.org", "Robin")
    run = run_at(robin, MEETING, 0)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, robin.email, next_url=run.step_url(0))
    boxes = choice_boxes(page)
    assert len({round(box["y"]) for box in boxes}) == 1, "0 to 10 should be one row"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    boxes = choice_boxes(page)
    zero, middle, ten = boxes[0], boxes[1:10], boxes[10]
    assert len({round(box["y"]) for box in middle}) == 1, "1 to 9 should be one row"
    assert zero["y"] + zero["height"] <= middle[0]["y"], "0 should sit above 1 to 9"
    assert middle[0]["y"] + middle[0]["height"] <= ten["y"], "10 should sit below 1 to 9"
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in boxes), "targets too small"
    assert_no_sideways_scroll(page, "the check-in at 390")
    axe_check(page)


def test_the_feelings_checklist_is_closed_until_something_in_it_is_ticked(page):
    robin = make_person("robin@example.org", "Robin")
    run = run_at(robin, MEETING, 0)
    log_in(page, robin.email, next_url=run.step_url(0))
    happy = page.get_by_label("Happy", exact=True)
    expect(happy).to_be_hidden()
    page.get_by_text("Name your feelings (optional)").click()
    happy.check()
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 2 of 12")).to_be_visible()
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_text("Step 1 of 12")).to_be_visible()
    # Something is ticked, so the list is open and shows it.
    expect(happy).to_be_visible()
    expect(happy).to_be_checked()


def test_visualisation_words_are_readable_before_start_and_start_paces_them(page, axe_check):
    robin = make_person("robin@example.org", "Robin")
    run = run_at(robin, MEETING, 3)  # "Your safe place", a visualisation
    log_in(page, robin.email, next_url=run.step_url(3))
    lines = page.locator("[data-paced-lines] li")
    expect(lines.first).to_be_visible()
    expect(lines.first).not_to_have_text("")
    # Checked before Start: a line fading in is briefly low in contrast while it appears.
    axe_check(page)
    page.get_by_role("button", name="Start", exact=True).click()
    # The player's own control is not called Pause: that name belongs to the header's link to
    # the grounding page.
    expect(page.get_by_role("button", name="Take a break")).to_be_visible()
    expect(page.get_by_role("button", name="Pause", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Pause", exact=True)).to_have_count(1)
    page.get_by_role("button", name="Take a break").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.get_by_role("button", name="Show all the words").click()
    expect(lines.last).to_be_visible()


def test_without_javascript_every_word_of_a_visualisation_shows(browser, live_server):
    robin = make_person("robin@example.org", "Robin")
    run = run_at(robin, MEETING, 3)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, robin.email, next_url=run.step_url(3))
        lines = page.locator("[data-paced-lines] li")
        expect(lines.first).to_be_visible()
        expect(lines.last).to_be_visible()
    finally:
        context.close()


def test_with_reduced_motion_the_words_appear_without_fading(browser, live_server):
    robin = make_person("robin@example.org", "Robin")
    run = run_at(robin, MEETING, 3)
    context = browser.new_context(base_url=live_server.url, reduced_motion="reduce")
    page = context.new_page()
    try:
        log_in(page, robin.email, next_url=run.step_url(3))
        first = page.locator("[data-paced-lines] li").first
        expect(first).to_be_visible()
        page.get_by_role("button", name="Start", exact=True).click()
        expect(first).to_have_class("is-revealed is-current")
        assert first.evaluate("li => getComputedStyle(li).animationName") == "none"
    finally:
        context.close()


def test_the_history_shows_feelings_when_some_were_named_and_no_empty_column_otherwise(page):
    robin = make_person("robin@example.org", "Robin")
    finished_run(robin)
    log_in(page, robin.email, next_url="/guide/history/")
    expect(page.get_by_role("heading", name="Every session")).to_be_visible()
    table = page.locator(".history-table")
    expect(table.get_by_role("columnheader", name="Outcome")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Feelings")).to_have_count(0)

    # Straight to the database, so the page kept rendered is told, as a save would tell it.
    SessionRun.objects.filter(owner=robin).update(feelings_before=["happy"])
    dashboard.bump(robin.pk)
    page.reload()
    expect(table.get_by_role("columnheader", name="Feelings")).to_be_visible()
    expect(table.get_by_role("cell", name="Happy")).to_be_visible()
    # On a phone the outcome stays; minutes and feelings make room for it.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(table.get_by_role("columnheader", name="Outcome")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Feelings")).to_be_hidden()


def test_a_session_in_progress_is_offered_once_and_its_page_offers_to_continue_or_start_again(
    page, axe_check
):
    robin = make_person("robin@example.org", "Robin")
    run_at(robin, MEETING, 2)
    latest = run_at(robin, MEETING, 4)
    log_in(page, robin.email, next_url="/guide/")
    pick_up = page.get_by_role("region", name="Pick up where you were")
    expect(pick_up.get_by_role("link", name="Meeting your younger self")).to_have_count(1)
    expect(pick_up.get_by_role("link", name="Meeting your younger self")).to_have_attribute(
        "href", latest.step_url(4)
    )

    page.goto(f"/guide/scripts/{MEETING}/")
    expect(page.get_by_role("button", name="Begin the session")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="Continue where you left off").click()
    expect(page.get_by_text("Step 5 of 12")).to_be_visible()

    page.goto(f"/guide/scripts/{MEETING}/")
    page.get_by_role("button", name="Start again").click()
    expect(page.get_by_text("Step 1 of 12")).to_be_visible()
