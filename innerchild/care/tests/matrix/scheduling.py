"""Scheduling: the facilitator's availability and calendar (any facilitator, their own rows), a
member's booking page (their own link), a booking (its facilitator and attendees), the feed."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from innerchild.care.actions.bookings import do_reset_calendar_feed
from innerchild.care.models import AvailabilityException, AvailabilityRule, Booking
from innerchild.care.tests.matrix import LINKED_FACILITATORS, ROLES, Case

FACILITATORS = frozenset({"shared", "unshared", "expired", "ended", "other_fac"})
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
OWNER = frozenset({"owner"})
FAY = frozenset({"shared"})
BOOKING_PEOPLE = frozenset({"owner", "shared"})


def setup(cast) -> None:
    now = timezone.now().replace(microsecond=0)
    bookings = {}
    for name, days, status in (("confirmed", 5, "confirmed"), ("proposed", 6, "proposed")):
        starts = now + timedelta(days=days)
        booking = Booking.objects.create(
            facilitator=cast.fay,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=50),
            status=status,
            proposed_by=cast.fay,
            created_at=now,
            updated_at=now,
        )
        booking.attendees.set([cast.alice])
        bookings[name] = booking
    cast.extra["bookings"] = bookings
    cast.extra["rule"] = AvailabilityRule.objects.create(
        facilitator=cast.fay, weekday=0, start_time=time(9), end_time=time(12)
    )
    cast.extra["away"] = AvailabilityException.objects.create(
        facilitator=cast.fay,
        starts_on=(now + timedelta(days=30)).date(),
        ends_on=(now + timedelta(days=31)).date(),
    )
    cast.extra["feed_token"] = do_reset_calendar_feed(cast.alice)


def booking(name):
    return lambda cast, role: [cast.extra["bookings"][name].id]


def client(cast, role):
    return [cast.link_for(role).id]


def members_link(cast, role):
    return [cast.links["shared"].id]


def window(cast, role):
    return {
        "weekday": "3",
        "start_time": "10:00",
        "end_time": "12:00",
        "session_minutes": "50",
        "gap_minutes": "10",
        "mode": "online",
    }


def days_away(cast, role):
    day = (timezone.now() + timedelta(days=60)).date().isoformat()
    return {"starts_on": day, "ends_on": day}


def proposal(cast, role):
    day = (timezone.now() + timedelta(days=10)).date().isoformat()
    return {"date": day, "time": "15:00", "minutes": "50", "mode": "online"}


CASES = [
    Case("care:availability", allowed=FACILITATORS),
    Case("care:availability_add", allowed=FACILITATORS, method="POST", data=window),
    Case(
        "care:availability_delete",
        lambda cast, role: [cast.extra["rule"].id],
        FAY,
        method="POST",
    ),
    Case("care:away_add", allowed=FACILITATORS, method="POST", data=days_away),
    Case("care:away_delete", lambda cast, role: [cast.extra["away"].id], FAY, method="POST"),
    Case("care:calendar", allowed=FACILITATORS),
    Case("care:propose_session", client, LINKED_FACILITATORS),
    Case("care:propose_session", client, LINKED_FACILITATORS, method="POST", data=proposal),
    Case("care:group_session", allowed=FACILITATORS),
    Case("care:my_sessions", allowed=SIGNED_IN),
    Case("care:book_session", members_link, OWNER),
    Case(
        "care:book_session",
        members_link,
        OWNER,
        method="POST",
        data=lambda cast, role: {"starts_at": "not a time"},
        ok=frozenset({422}),
    ),
    Case("care:booking", booking("confirmed"), BOOKING_PEOPLE),
    Case("care:booking_ics", booking("confirmed"), BOOKING_PEOPLE, ok=frozenset({200})),
    Case("care:booking_cancel", booking("confirmed"), BOOKING_PEOPLE, method="POST"),
    Case("care:booking_reschedule", booking("confirmed"), BOOKING_PEOPLE),
    Case("care:booking_accept", booking("proposed"), OWNER, method="POST"),
    Case("care:booking_decline", booking("proposed"), OWNER, method="POST"),
    Case("care:calendar_feed_settings", allowed=SIGNED_IN),
    Case("care:calendar_feed_reset", allowed=SIGNED_IN, method="POST"),
    # A secret address: whoever holds it reads that one calendar, signed in or not.
    Case(
        "care:calendar_feed",
        lambda cast, role: [cast.extra["feed_token"]],
        frozenset(ROLES),
        ok=frozenset({200}),
    ),
]
