"""A facilitator opens a weekly window, a member books it with the keyboard only, both see the
session in their own time zone; axe-core on every scheduling page."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innerchild.accounts.models import Role
from innerchild.care.models import Booking, CareLink, PracticeProfile
from innerchild.care.tests.test_browser_care import log_in
from innerchild.core.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def test_a_window_is_opened_booked_by_keyboard_and_seen_by_both(page, another_page, axe_check):
    fay = make_person(
        "fay@example.org",
        "Fay",
        role=Role.FACILITATOR,
        facilitator_verified=True,
        timezone="Europe/Madrid",
    )
    now = timezone.now()
    PracticeProfile.objects.create(
        facilitator=fay,
        practice_name="Fay Lind, counselling",
        profession="counsellor",
        languages=["en"],
        created_at=now,
        updated_at=now,
    )
    alice = make_person("alice@example.org", "Alice", timezone="America/Chicago")
    link = CareLink.objects.create(facilitator=fay, member=alice, started_at=now)
    day = (now + timedelta(days=3)).astimezone(ZoneInfo("Europe/Madrid")).date()

    facilitator, member = page, another_page
    log_in(facilitator, fay.email)
    facilitator.goto("/care/schedule/availability/")
    axe_check(facilitator)
    facilitator.locator("#id_weekday").select_option(label=WEEKDAYS[day.weekday()])
    facilitator.locator("#id_start_time").fill("10:00")
    facilitator.locator("#id_end_time").fill("12:00")
    facilitator.locator("#id_session_minutes").fill("50")
    facilitator.locator("#id_gap_minutes").fill("10")
    facilitator.get_by_role("button", name="Add window").click()
    expect(facilitator.get_by_text("Weekly window added.")).to_be_visible()
    axe_check(facilitator)

    log_in(member, alice.email)
    member.goto(f"/care/schedule/links/{link.id}/book/")
    axe_check(member)
    first = member.locator("input[name=starts_at]").first
    first.focus()
    member.keyboard.press("Space")
    assert first.is_checked()
    member.get_by_role("button", name="Book this time").focus()
    member.keyboard.press("Enter")
    member.wait_for_url(re.compile(r".*/care/schedule/bookings/[0-9a-f-]+/$"))
    expect(member.get_by_text("Your session is booked.")).to_be_visible()
    axe_check(member)

    booking = Booking.objects.get()
    chicago = booking.starts_at.astimezone(ZoneInfo("America/Chicago"))
    madrid = booking.starts_at.astimezone(ZoneInfo("Europe/Madrid"))
    assert madrid.hour == 10
    expect(member.get_by_text(f"{chicago:%H}:00").first).to_be_visible()
    member.goto("/care/schedule/sessions/")
    axe_check(member)
    member.goto("/care/schedule/calendar-feed/")
    member.get_by_role("button", name="Create my calendar address").click()
    assert (
        "/care/schedule/feed/" in member.get_by_label(re.compile("private calendar")).input_value()
    )
    axe_check(member)

    facilitator.goto("/care/schedule/calendar/")
    expect(facilitator.get_by_role("link", name=re.compile(r"10:00"))).to_be_visible()
    axe_check(facilitator)
    facilitator.goto(f"/care/schedule/bookings/{booking.id}/")
    expect(facilitator.get_by_role("heading", name="Session with Alice")).to_be_visible()
    axe_check(facilitator)
    facilitator.goto(f"/care/schedule/bookings/{booking.id}/reschedule/")
    axe_check(facilitator)
    facilitator.goto(f"/care/schedule/clients/{link.id}/propose/")
    axe_check(facilitator)
    facilitator.goto("/care/schedule/group/new/")
    axe_check(facilitator)
