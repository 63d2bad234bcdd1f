"""Distress gating in a real browser: a high rating leads to Pause with the reason; still high
after the break, the session offers three choices instead of going deeper; closing gently ends
it kindly. axe-core on each page."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innerchild.core.testing import PASSWORD, make_person
from innerchild.guide.models import RunStatus, SessionRun
from innerchild.guide.scripts import get_script
from innerchild.safety import api as safety_api

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEEP = "regression-to-a-memory"
DURING = 6  # the check-in after going back to the memory; "Stepping in" comes next


@pytest.fixture
def deep_work_open():
    # The readiness screen is tested in the safety app; here the gate is simply open.
    with mock.patch.object(
        safety_api, "deep_exercise_gate", return_value=safety_api.Gate(allowed=True)
    ):
        yield


def run_at_check_in(owner) -> SessionRun:
    script = get_script(DEEP)
    return SessionRun.objects.create(
        owner=owner,
        script_id=script.id,
        script_title=script.title,
        language="en",
        intensity=script.intensity,
        step_count=len(script.steps),
        current_step=DURING,
        reached_step=DURING,
        started_at=timezone.now(),
    )


def rate(page, rating: int) -> None:
    page.get_by_label(str(rating), exact=True).check()
    page.get_by_role("button", name="Continue").click()


def test_still_high_after_a_break_offers_three_choices_and_closing_gently_ends_kindly(
    page, axe_check, deep_work_open
):
    robin = make_person("robin@example.org", "Robin")
    run = run_at_check_in(robin)
    here = run.step_url(DURING)
    page.goto(f"/accounts/login/?next={here}")
    page.locator("input[name=username]").fill("robin@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{here}")

    rate(page, 9)
    page.wait_for_url(re.compile(r"/safety/pause/\?.*why=distress"))
    expect(
        page.get_by_text("You were brought here because the distress you rated was high")
    ).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Return to where I was").first.click()
    page.wait_for_url(f"**{here}")
    expect(page.get_by_role("heading", name="How strong is it now?")).to_be_visible()
    expect(page.get_by_text("Welcome back")).to_be_visible()
    axe_check(page)

    rate(page, 9)
    expect(page.get_by_role("heading", name="It is still strong right now")).to_be_visible()
    expect(
        page.get_by_text("You rated your distress 9 out of 10 after your break.")
    ).to_be_visible()
    for choice in ("Stay with grounding", "Close the session gently", "Stop for now"):
        expect(page.get_by_role("button", name=choice)).to_be_visible()
    expect(page.get_by_text("Stepping in")).to_have_count(0)
    axe_check(page)

    page.get_by_role("button", name="Close the session gently").click()
    expect(page.get_by_role("heading", name="Closing gently")).to_be_visible()
    expect(page.get_by_text("Feel your feet on the floor")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="End the session").click()
    page.wait_for_url(f"**{run.get_absolute_url()}")
    expect(page.get_by_text("You closed the session gently.")).to_be_visible()
    expect(page.get_by_text("9/10, 9/10", exact=True)).to_be_visible()
    axe_check(page)
    run.refresh_from_db()
    assert (run.status, run.closed_early) == (RunStatus.STOPPED, True)
