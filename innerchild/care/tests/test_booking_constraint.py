"""The database itself refuses a double booking, whatever code writes the rows: inserts here go
straight through the ORM, past the booking actions and their row lock. Runs on SQLite and
PostgreSQL alike (CI runs the suite once per database).

`care_no_double_booking` is a partial unique index on (facilitator, starts_at) for open bookings
(proposed or confirmed), which both databases enforce. It cannot express an overlap of two
different start times on either of them (SQLite has no exclusion constraints): overlaps are
refused by the booking actions under the facilitator's row lock, which
test_scheduling_concurrency.py proves under real concurrency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, connection, transaction

from innerchild.care.models import Booking, BookingStatus
from innerchild.core.testing import InnerchildTestCase

STARTS = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)


class DoubleBookingConstraintTests(InnerchildTestCase):
    def insert(self, *, facilitator=None, starts_at=STARTS, minutes=50, status="confirmed"):
        booking = Booking.objects.create(
            facilitator=facilitator or self.fay,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            status=status,
            created_at=STARTS - timedelta(days=7),
            updated_at=STARTS - timedelta(days=7),
        )
        booking.attendees.add(self.alice)
        return booking

    def assert_refused(self, **kwargs) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.insert(**kwargs)

    def test_a_second_confirmed_booking_at_the_same_start_is_refused(self):
        self.insert()
        self.assert_refused()
        self.assertEqual(Booking.objects.count(), 1)

    def test_a_proposal_at_the_start_of_a_confirmed_booking_is_refused(self):
        self.insert(status=BookingStatus.CONFIRMED)
        self.assert_refused(status=BookingStatus.PROPOSED)

    def test_a_longer_booking_at_the_same_start_is_refused_too(self):
        self.insert(minutes=50)
        self.assert_refused(minutes=90)

    def test_a_cancelled_or_declined_booking_frees_its_start(self):
        self.insert(status=BookingStatus.CANCELLED)
        self.insert(status=BookingStatus.DECLINED)
        self.insert(status=BookingStatus.CONFIRMED)
        self.assertEqual(Booking.objects.open().count(), 1)

    def test_reopening_a_cancelled_booking_over_a_new_one_is_refused(self):
        cancelled = self.insert(status=BookingStatus.CANCELLED)
        self.insert(status=BookingStatus.CONFIRMED)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Booking.objects.filter(pk=cancelled.pk).update(status=BookingStatus.CONFIRMED)

    def test_two_facilitators_may_have_sessions_at_the_same_start(self):
        self.insert(facilitator=self.fay)
        self.insert(facilitator=self.gus)
        self.assertEqual(Booking.objects.open().count(), 2)

    def test_a_booking_that_ends_before_it_starts_is_refused(self):
        self.assert_refused(minutes=0)
        self.assert_refused(minutes=-10)
        self.assertFalse(Booking.objects.exists())

    def test_the_database_holds_the_constraint_by_its_name(self):
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, Booking._meta.db_table)
        self.assertIn("care_no_double_booking", constraints)
        self.assertTrue(constraints["care_no_double_booking"]["unique"])
