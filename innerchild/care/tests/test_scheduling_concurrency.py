"""Double booking is impossible under real concurrency: threads, each with its own database
connection, book at the same moment; exactly one wins and the others are told the time is taken.

On PostgreSQL the facilitator's row lock and the partial unique index decide; on SQLite the
IMMEDIATE transactions serialise the writers. The test runs (and must pass) on both."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta

from django.db import connections
from django.test import TransactionTestCase
from django.utils import timezone

from innerchild.accounts.models import Role
from innerchild.care.actions.bookings import SlotTaken, do_book_slot, do_create_booking
from innerchild.care.models import AvailabilityRule, Booking, CareLink
from innerchild.core.testing import make_person

RACERS = 6


class DoubleBookingRaceTests(TransactionTestCase):
    def setUp(self):
        now = timezone.now()
        self.fay = make_person(
            "fay@example.org", "Fay", role=Role.FACILITATOR, facilitator_verified=True
        )
        self.members = []
        for number in range(RACERS):
            member = make_person(f"member{number}@example.org", f"Member {number}")
            CareLink.objects.create(facilitator=self.fay, member=member, started_at=now)
            self.members.append(member)
        for weekday in range(7):
            AvailabilityRule.objects.create(
                facilitator=self.fay,
                weekday=weekday,
                start_time=time(8),
                end_time=time(20),
                session_minutes=60,
                gap_minutes=0,
            )
        day = (now + timedelta(days=3)).date()
        self.slot = datetime.combine(day, time(10), tzinfo=UTC)

    def race(self, attempts):
        """Run each attempt in its own thread, all released at once; returns (wins, taken, errors)."""
        barrier = threading.Barrier(len(attempts), timeout=20)
        wins, taken, errors = [], [], []

        def run(attempt):
            try:
                barrier.wait()
                wins.append(attempt())
            except SlotTaken:
                taken.append(1)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return wins, taken, errors

    def test_members_booking_the_same_slot_at_once_get_exactly_one_booking(self):
        attempts = [
            lambda member=member: do_book_slot(
                member=member, facilitator=self.fay, starts_at=self.slot
            )
            for member in self.members
        ]
        wins, taken, errors = self.race(attempts)
        self.assertEqual(errors, [])
        self.assertEqual((len(wins), len(taken)), (1, RACERS - 1))
        self.assertEqual(Booking.objects.open().filter(starts_at=self.slot).count(), 1)
        self.assertEqual(list(Booking.objects.get().attendees.all()), [wins[0].attendees.get()])

    def test_overlapping_times_with_different_starts_cannot_both_be_booked(self):
        # The unique index only sees equal starts; the lock on the facilitator covers overlaps.
        attempts = [
            lambda member=member, offset=offset: do_create_booking(
                facilitator=self.fay,
                members=[member],
                starts_at=self.slot + timedelta(minutes=offset),
                ends_at=self.slot + timedelta(minutes=offset + 50),
            )
            for offset, member in zip((0, 10, 20, 30, 40, 45), self.members, strict=True)
        ]
        wins, taken, errors = self.race(attempts)
        self.assertEqual(errors, [])
        self.assertEqual((len(wins), len(taken)), (1, RACERS - 1))
        self.assertEqual(Booking.objects.open().count(), 1)
