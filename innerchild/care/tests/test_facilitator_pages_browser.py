"""Every facilitator page the other browser tests do not open, as the facilitator sees it: the
practice set-up (by keyboard), each kind of shared material, "Is it still you?" after a pause on
client data, deep sessions, a note and a script being edited, the calendar feed and the session
lists. Each page shows what it should and passes axe-core."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from playwright.sync_api import expect

from innerchild.accounts.models import Role
from innerchild.care.models import (
    Booking,
    CareLink,
    FacilitatorScript,
    Note,
    Share,
)
from innerchild.care.models.sharing import KIND_WIDE
from innerchild.care.tests.test_browser_care import log_in
from innerchild.core.testing import PASSWORD, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_client_who_shared_everything(fay):
    """alice, linked to fay, sharing every kind of material, with something of each kind."""
    from innerchild.guide.models import SessionRun
    from innerchild.journal import api as journal
    from innerchild.journal.models import YoungerSelf
    from innerchild.safety.actions import do_record_risk_event, do_save_plan

    now = timezone.now()
    alice = make_person("alice@example.org", "Alice")
    link = CareLink.objects.create(facilitator=fay, member=alice, started_at=now)
    for kind in KIND_WIDE:
        Share.objects.create(link=link, kind=kind, granted_at=now)
    SessionRun.objects.create(
        owner=alice,
        script_id="end-of-day-check-in",
        script_title="End of the day, gently",
        language="en",
        intensity="gentle",
        step_count=6,
        reached_step=6,
        status="completed",
        started_at=now - timedelta(days=1, minutes=20),
        ended_at=now - timedelta(days=1),
        distress_before=6,
        distress_after=3,
    )
    journal.create_entry_from(
        alice, kind="trigger", title="Raised voices at dinner", body="I froze and went quiet."
    )
    do_save_plan(alice, {"coping_strategies": "Walk the dog by the river"})
    YoungerSelf.objects.create(owner=alice, name="Lou", updated_at=now)
    do_record_risk_event(alice, level="urgent", categories=("intent",), source="test")
    return alice, link


def facilitator_in_madrid():
    return make_person(
        "fay@example.org",
        "Fay",
        role=Role.FACILITATOR,
        facilitator_verified=True,
        timezone="Europe/Madrid",
    )


def test_a_new_facilitator_sets_up_their_practice_with_the_keyboard(page, axe_check):
    make_person(
        "fay@example.org",
        "Fay",
        role=Role.FACILITATOR,
        facilitator_verified=True,
        onboarded=False,
    )
    log_in(page, "fay@example.org", landing=r".*/care/practice/profile/$")
    expect(page.get_by_role("heading", name="Welcome: set up your practice")).to_be_visible()
    axe_check(page)

    page.get_by_label("Practice name").fill("Fay Lind, counselling")
    page.get_by_label("English").check()
    page.get_by_label(re.compile("I will use innerchild alongside")).focus()
    page.keyboard.press("Space")
    save = page.get_by_role("button", name="Save and open my practice")
    for _press in range(10):
        page.keyboard.press("Tab")
        if save.evaluate("button => button === document.activeElement"):
            break
    expect(save).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/care/practice/$"))
    expect(page.get_by_text("Your practice details are saved.")).to_be_visible()

    page.goto("/care/practice/profile/")
    expect(page.get_by_role("heading", name="Your practice details")).to_be_visible()
    expect(page.get_by_label("Practice name")).to_have_value("Fay Lind, counselling")
    axe_check(page)


def test_each_shared_page_shows_what_was_shared_and_passes_axe(page, axe_check):
    fay = facilitator_in_madrid()
    _alice, link = a_client_who_shared_everything(fay)
    client = f"/care/clients/{link.id}/"
    log_in(page, fay.email)

    main = page.locator("main")
    shown = [
        ("sessions/", "Guided sessions", main.get_by_role("cell", name="End of the day, gently")),
        ("triggers/", "Trigger log", main.get_by_role("heading", name=re.compile("Raised voices"))),
        ("safety-plan/", "Safety plan", main.get_by_text("Walk the dog by the river")),
        ("younger-self/", "Younger-self profile", main.locator("dd", has_text=re.compile("^Lou$"))),
        ("safety-signals/", "Safety signals", main.get_by_role("cell", name="Urgent")),
    ]
    for path, heading, item in shown:
        page.goto(client + path)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(item).to_be_visible()
        axe_check(page)
    # The words the screen reacted to never reach the facilitator.
    expect(page.get_by_text("intent")).to_have_count(0)

    page.goto(client + "deep-sessions/")
    expect(page.get_by_role("heading", name="Open deep sessions for Alice")).to_be_visible()
    expect(page.get_by_role("button", name="Open deep sessions")).to_be_visible()
    axe_check(page)


def _make_the_pause_long(page) -> None:
    """As if the facilitator last gave their password or opened client data two hours ago."""
    from django.contrib.sessions.backends.cached_db import SessionStore

    from innerchild.accounts import twofactor

    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    long_ago = twofactor.now_seconds() - 2 * 3600
    session[twofactor.AUTH_AT] = long_ago
    session["accounts_active_client_data"] = long_ago
    session.save()


def test_after_a_pause_client_data_asks_is_it_still_you_then_goes_back(page, axe_check):
    fay = make_person("fay@example.org", "Fay", role=Role.FACILITATOR, facilitator_verified=True)
    _alice, link = a_client_who_shared_everything(fay)
    log_in(page, fay.email)
    page.goto(f"/care/clients/{link.id}/safety-plan/")
    expect(page.get_by_text("Walk the dog by the river")).to_be_visible()

    _make_the_pause_long(page)
    page.goto(f"/care/clients/{link.id}/safety-plan/")
    page.wait_for_url(re.compile(r".*/accounts/.*\?next=.*safety-plan.*"))
    expect(page.get_by_role("heading", name="Is it still you?")).to_be_visible()
    expect(page.get_by_text("Walk the dog by the river")).to_have_count(0)
    axe_check(page)
    page.locator("form").filter(has=page.locator("input[name=next]")).get_by_role("textbox").fill(
        PASSWORD
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(rf".*/care/clients/{link.id}/safety-plan/$"))
    expect(page.get_by_text("Walk the dog by the river")).to_be_visible()


def test_editing_a_note_and_a_script_and_the_schedule_pages_pass_axe(page, axe_check):
    fay = facilitator_in_madrid()
    alice, link = a_client_who_shared_everything(fay)
    now = timezone.now()
    note = Note.objects.create(
        link=link,
        sections=json.dumps({"body": "Seemed tired, spoke of her sister."}),
        created_at=now,
        updated_at=now,
    )
    script = FacilitatorScript.objects.create(
        facilitator=fay,
        title="A visit to the safe place",
        source=render_to_string("care/scripts/starter.yaml"),
        language="en",
        intensity="gentle",
        created_at=now,
        updated_at=now,
    )
    starts = (now + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    booking = Booking.objects.create(
        facilitator=fay,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=50),
        proposed_by=fay,
        created_at=now,
        updated_at=now,
    )
    booking.attendees.add(alice)
    log_in(page, fay.email)

    page.goto(f"/care/clients/{link.id}/notes/{note.id}/edit/")
    expect(page.get_by_role("heading", name="Edit note")).to_be_visible()
    expect(page.locator("main textarea").first).to_have_value("Seemed tired, spoke of her sister.")
    axe_check(page)

    page.goto(f"/care/scripts/{script.id}/edit/")
    expect(page.get_by_role("heading", name="Edit your script")).to_be_visible()
    expect(page.get_by_role("button", name="Check and save")).to_be_visible()
    axe_check(page)

    page.goto("/care/schedule/calendar-feed/")
    expect(page.get_by_role("heading", name="Calendar feed")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Create my calendar address").click()
    expect(page.get_by_label(re.compile("Your private calendar address"))).to_have_value(
        re.compile(r"^http.*/care/schedule/feed/.+")
    )
    axe_check(page)

    # The facilitator's list of their sessions.
    page.goto("/care/schedule/calendar/")
    expect(page.locator("main").get_by_text("Alice").first).to_be_visible()
    axe_check(page)

    # The practice records: the page, then the download itself (a zip with the note in it).
    page.goto("/care/practice/")
    page.get_by_role("link", name="Download your practice records").click()
    expect(page.get_by_role("heading", name="Your practice records")).to_be_visible()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my practice records").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        assert "Seemed tired, spoke of her sister." in archive.read("records.json").decode()
