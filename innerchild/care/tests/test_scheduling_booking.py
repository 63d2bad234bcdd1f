"""A member books one of their facilitator's open slots from the "Book a session" page."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse

from innerchild.care.models import AvailabilityException, Booking, BookingStatus, CareLink
from innerchild.care.tests.scheduling_support import FIRST_SLOT, NOW, SchedulingTestCase, utc

DASH = "\N{EN DASH}"


class BookSessionTests(SchedulingTestCase):
    def url(self, link=None):
        return reverse("care:book_session", args=[(link or self.link).id])

    def post(self, starts_at, link=None):
        value = starts_at if isinstance(starts_at, str) else starts_at.isoformat()
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url(link), {"starts_at": value})

    def test_it_offers_the_open_slots_in_the_members_own_time_zone(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        # Monday 9:00 in Madrid is Monday 2:00 in Chicago.
        self.assertContains(response, "Monday 19 October")
        self.assertContains(response, f"02:00{DASH}02:50")
        self.assertContains(response, f'value="{FIRST_SLOT.isoformat()}"')
        self.assertContains(response, "America/Chicago")

    def test_the_offered_times_follow_both_daylight_saving_changes(self):
        # Madrid changes on 25 October, Chicago on 1 November: the same Madrid 9:00 is 2:00 in
        # Chicago on 19 October, 3:00 on 26 October and 2:00 again on 2 November.
        self.login(self.alice)
        page = self.client.get(self.url()).content.decode()
        for day, value, label in [
            ("Monday 19 October", "2026-10-19T07:00:00+00:00", f"02:00{DASH}02:50"),
            ("Monday 26 October", "2026-10-26T08:00:00+00:00", f"03:00{DASH}03:50"),
            ("Monday 2 November", "2026-11-02T08:00:00+00:00", f"02:00{DASH}02:50"),
        ]:
            section = page[page.index(day) :].split("</fieldset>")[0]
            first_choice = section.split("</div>")[0]
            self.assertIn(f'value="{value}"', first_choice)
            self.assertIn(label, first_choice)

    def test_booking_a_slot_confirms_it_at_once_and_emails_both_people(self):
        self.login(self.alice)
        response = self.post(FIRST_SLOT)
        booking = Booking.objects.get()
        self.assertRedirects(response, reverse("care:booking", args=[booking.id]))
        self.assertEqual(booking.status, BookingStatus.CONFIRMED)
        self.assertEqual(
            (booking.starts_at, booking.ends_at), (FIRST_SLOT, utc(2026, 10, 19, 7, 50))
        )
        self.assertEqual(list(booking.attendees.all()), [self.alice])
        sent = self.send_queued_mail()
        self.assertEqual(sorted(m.to[0] for m in sent), ["alice@example.org", "fay@example.org"])

    def test_a_booked_slot_is_no_longer_offered(self):
        self.book(self.bob, FIRST_SLOT)
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertNotContains(response, f'value="{FIRST_SLOT.isoformat()}"')
        self.assertContains(response, f"03:00{DASH}03:50")

    def test_a_slot_just_taken_is_refused_with_a_message_and_nothing_saved(self):
        self.book(self.bob, FIRST_SLOT)
        self.login(self.alice)
        response = self.post(FIRST_SLOT)
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "That time was just taken", status_code=422)
        self.assertEqual(Booking.objects.count(), 1)
        self.assertFalse(Booking.objects.filter(attendees=self.alice).exists())

    def test_a_time_in_the_past_is_refused_with_a_message(self):
        self.login(self.alice)
        response = self.post(utc(2026, 10, 12, 7))
        self.assertContains(response, "That time has passed", status_code=422)
        self.assertFalse(Booking.objects.exists())

    def test_a_time_outside_the_weekly_windows_is_refused_with_a_message(self):
        self.login(self.alice)
        response = self.post(utc(2026, 10, 20, 7))
        self.assertContains(response, "not one of the open times", status_code=422)
        self.assertFalse(Booking.objects.exists())

    def test_a_start_between_two_slots_is_refused(self):
        self.login(self.alice)
        response = self.post(FIRST_SLOT + timedelta(minutes=20))
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Booking.objects.exists())

    def test_a_day_away_cannot_be_booked(self):
        AvailabilityException.objects.create(
            facilitator=self.fay, starts_on=FIRST_SLOT.date(), ends_on=FIRST_SLOT.date()
        )
        self.login(self.alice)
        self.assertNotContains(self.client.get(self.url()), "Monday 19 October")
        response = self.post(FIRST_SLOT)
        self.assertContains(response, "not one of the open times", status_code=422)

    def test_a_slot_inside_the_minimum_notice_is_not_offered(self):
        with time_machine.travel(FIRST_SLOT - timedelta(hours=2), tick=False):
            self.login(self.alice)
            response = self.post(FIRST_SLOT)
        self.assertContains(response, "at least 12 hours ahead", status_code=422)
        self.assertFalse(Booking.objects.exists())

    def test_a_value_that_is_not_a_time_is_refused_with_a_message(self):
        self.login(self.alice)
        response = self.post("next monday")
        self.assertContains(response, "Please choose one of the times offered", status_code=422)

    def test_it_requires_login(self):
        response = self.client.get(self.url())
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url()}")

    def test_another_member_cannot_book_through_alices_link(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.post(FIRST_SLOT).status_code, 404)
        self.assertFalse(Booking.objects.exists())

    def test_an_ended_link_cannot_be_used_to_book(self):
        CareLink.objects.filter(id=self.link.id).update(ended_at=NOW)
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_the_page_refuses_other_methods(self):
        self.login(self.alice)
        self.assertEqual(self.client.put(self.url()).status_code, 405)


class MySessionsTests(SchedulingTestCase):
    def test_the_member_sees_their_upcoming_sessions_in_their_time_zone(self):
        self.book(self.alice, FIRST_SLOT)
        self.login(self.alice)
        response = self.client.get(reverse("care:my_sessions"))
        self.assertContains(response, "Monday 19 October 2026, 02:00")
        self.assertContains(response, "Fay")
        self.assertContains(response, reverse("care:book_session", args=[self.link.id]))

    def test_a_cancelled_session_is_not_listed(self):
        booking = self.book(self.alice, FIRST_SLOT)
        Booking.objects.filter(id=booking.id).update(status=BookingStatus.CANCELLED)
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("care:my_sessions")), "No sessions booked")

    def test_it_requires_login(self):
        self.assertEqual(self.client.get(reverse("care:my_sessions")).status_code, 302)

    def test_it_refuses_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(reverse("care:my_sessions")).status_code, 405)
