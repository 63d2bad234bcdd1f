"""A change of either person's time zone leaves every booking at the same instant; only what each
person sees changes."""

from __future__ import annotations

from django.urls import reverse

from innerchild.care.models import Booking
from innerchild.care.tests.scheduling_support import FIRST_SLOT, SchedulingTestCase


class TimeZoneChangeTests(SchedulingTestCase):
    def setUp(self):
        self.booking = self.book(self.alice, FIRST_SLOT)
        self.url = reverse("care:booking", args=[self.booking.id])

    def move_to(self, person, zone):
        person.timezone = zone
        person.save(update_fields=["timezone"])

    def test_the_member_moving_to_tokyo_keeps_the_booking_at_the_same_instant(self):
        self.move_to(self.alice, "Asia/Tokyo")
        booking = Booking.objects.get(id=self.booking.id)
        self.assertEqual(
            (booking.starts_at, booking.ends_at), (self.booking.starts_at, self.booking.ends_at)
        )
        self.login(self.alice)
        # 7:00 UTC is 16:00 in Tokyo.
        self.assertContains(self.client.get(self.url), "Monday 19 October 2026, 16:00")

    def test_the_facilitator_moving_to_london_keeps_the_booking_and_their_windows_stay_local(self):
        self.move_to(self.fay, "Europe/London")
        booking = Booking.objects.get(id=self.booking.id)
        self.assertEqual(booking.starts_at, FIRST_SLOT)
        self.login(self.fay)
        self.assertContains(self.client.get(self.url), "Monday 19 October 2026, 08:00")
        # The weekly window is wall-clock time where the facilitator is: 9:00 in London now.
        self.login(self.alice)
        page = self.client.get(reverse("care:book_session", args=[self.link.id]))
        self.assertContains(page, 'value="2026-10-19T08:00:00+00:00"')

    def test_both_changing_leaves_every_booking_where_it_was(self):
        second = self.book(self.alice, FIRST_SLOT.replace(hour=9))
        before = dict(Booking.objects.values_list("id", "starts_at"))
        self.move_to(self.alice, "Australia/Sydney")
        self.move_to(self.fay, "America/Los_Angeles")
        self.assertEqual(dict(Booking.objects.values_list("id", "starts_at")), before)
        self.assertIn(second.id, before)
