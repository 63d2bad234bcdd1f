"""Guided sessions as a person does them, in a real browser, with axe-core on every page type."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person
from innerchild.guide.models import SessionRun
from innerchild.guide.scripts import Step, get_script

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETING = "meeting-your-younger-self"


def fill_step(page, step: Step) -> None:
    """Answer a step the way a person would, using the labels they see."""
    match step.type:
        case "checkin":
            page.get_by_label("3", exact=True).check()
        case "intention":
            page.get_by_label("What would you like from this session?").fill("To meet her.")
        case "prompt" if step.get("mode") == "dialogue":
            first, second = step.get("voices")
            page.get_by_label(first, exact=True).fill("How are you?")
            page.get_by_label(second, exact=True).fill("Tired.")
        case "prompt":
            page.get_by_label(step.get("question")).fill("She was about seven, on the stairs.")
        case "choice":
            page.get_by_label(step.get("options")[0]["label"], exact=True).check()
        case "reparent":
            page.get_by_label(step.get("suggestions")[0], exact=True).check()
        case "reflection":
            page.get_by_label("What did little you need?").fill("Someone to stay with her.")
        case "trigger":
            page.get_by_label("Or describe it in a few words").fill("Left out of the chat.")


def run_at(owner, script_id: str, index: int) -> SessionRun:
    """A run of `script_id` that has reached step `index`, as if the person had got there."""
    script = get_script(script_id)
    return SessionRun.objects.create(
        owner=owner,
        script_id=script.id,
        script_title=script.title,
        language="en",
        intensity=script.intensity,
        step_count=len(script.steps),
        current_step=index,
        reached_step=index,
        started_at=timezone.now(),
    )


def test_meeting_your_younger_self_from_start_to_finish_with_voice_off(page, axe_check):
    make_person("robin@example.org", "Robin")
    log_in(page, "robin@example.org", next_url="/guide/")
    axe_check(page)
    page.get_by_role("link", name="Meeting your younger self").click()
    expect(page.get_by_text("your eyes can stay open", exact=False)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Begin the session").click()

    script = get_script(MEETING)
    for step in script.steps:
        expected = f"Step {step.number} of {len(script.steps)}"
        expect(page.get_by_text(expected), expected).to_be_visible()
        if step.number in (1, 2, 3, 5, 7, 8, 10, 12):
            axe_check(page)
        if step.type == "visualization" and step.number == 5:
            lines = page.locator("[data-paced-lines] li")
            # Paced: the first line is readable before Start, the rest come one by one.
            expect(lines.first).to_be_visible()
            expect(lines.nth(1)).to_be_hidden()
            page.get_by_role("button", name="Start", exact=True).click()
            expect(lines.first).to_be_visible()
            expect(lines.nth(1)).to_be_hidden()
            page.get_by_role("button", name="Show all the words").click()
            expect(lines.last).to_be_visible()
        fill_step(page, step)
        last = step.number == len(script.steps)
        page.get_by_role("button", name="Finish the session" if last else "Continue").click()

    expect(page.get_by_text("You finished the session")).to_be_visible()
    expect(page.get_by_text("Someone to stay with her.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Your history").click()
    expect(page.get_by_role("heading", name="Your sessions")).to_be_visible()
    expect(page.get_by_role("cell", name="3 → 3")).to_be_visible()
    expect(page.locator("#guide-chart")).to_be_visible()
    axe_check(page)


def test_a_high_distress_rating_pauses_into_grounding_and_comes_back_to_the_same_step(page):
    robin = make_person("robin@example.org", "Robin")
    run = run_at(robin, MEETING, 5)  # step 6 is the check-in during the session
    here = run.step_url(5)
    log_in(page, "robin@example.org", next_url=here)
    page.get_by_label("9", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/safety/pause/"))
    # The grounding page offers the way back to where the person was.
    [came_from] = parse_qs(urlparse(page.url).query)["from"]
    assert came_from == here
    page.locator(f'main a[href="{here}"]').first.click()
    page.wait_for_url(f"**{here}")
    assert page.url.endswith(here)
    expect(page.get_by_role("heading", name="How strong is it now?")).to_be_visible()
    expect(page.get_by_text("Welcome back")).to_be_visible()
    expect(page.get_by_text("Step 6 of 12")).to_be_visible()


def test_a_deep_session_is_locked_for_a_teenager(page, axe_check):
    make_person("sky@example.org", "Sky", age=16, country="GB")
    log_in(page, "sky@example.org", next_url="/guide/scripts/regression-to-a-memory/")
    expect(page.get_by_text("Not available for you right now.")).to_be_visible()
    assert page.get_by_role("button", name="Begin the session").count() == 0
    axe_check(page)


def test_every_other_kind_of_step_and_page_is_accessible(page, axe_check):
    robin = make_person("robin@example.org", "Robin")
    log_in(page, "robin@example.org", next_url="/guide/preferences/")
    axe_check(page)
    for script_id, index in (
        ("dialogue-with-little-me", 2),  # breath
        ("dialogue-with-little-me", 4),  # two-voice dialogue
        ("healing-a-trigger", 2),  # trigger
        ("healing-a-trigger", 6),  # choice
        ("letter-of-reparenting", 6),  # prompt with a timer
    ):
        run = run_at(robin, script_id, index)
        page.goto(run.step_url(index))
        step = get_script(script_id).step(index)
        if step.type == "breath":
            page.get_by_role("button", name="Start breathing").click()
            expect(page.get_by_text(re.compile("Breathe in · [0-9]"))).to_be_visible()
            page.get_by_role("button", name="Take a break").click()
        axe_check(page)
