"""The private calendar feed: a secret URL per person, reset on demand."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from icalendar import Calendar

from innerchild.care.actions.bookings import do_cancel_booking, do_reset_calendar_feed
from innerchild.care.models import CalendarFeed
from innerchild.care.tests.scheduling_support import FIRST_SLOT, SchedulingTestCase
from innerchild.core.testing import raw_column_values


class CalendarFeedTests(SchedulingTestCase):
    def feed(self, token):
        return self.client.get(reverse("care:calendar_feed", args=[token]))

    def events(self, token):
        response = self.feed(token)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        return Calendar.from_ical(response.content).walk("VEVENT")

    def test_the_feed_lists_the_persons_upcoming_sessions_without_login(self):
        booking = self.book(self.alice, FIRST_SLOT)
        self.book(self.bob, FIRST_SLOT + timedelta(hours=1))
        token = do_reset_calendar_feed(self.alice)
        (event,) = self.events(token)
        self.assertEqual(str(event["UID"]), f"booking-{booking.id}@innerchild.care")
        self.assertEqual(event.decoded("DTSTART"), FIRST_SLOT)
        self.assertEqual(str(event["SUMMARY"]), "Session with F.")

    def test_the_facilitators_feed_shows_each_clients_first_name(self):
        self.book(self.alice, FIRST_SLOT)
        self.book(self.bob, FIRST_SLOT + timedelta(hours=1))
        titles = [str(e["SUMMARY"]) for e in self.events(do_reset_calendar_feed(self.fay))]
        self.assertEqual(titles, ["Session with Alice", "Session with Bob"])

    def test_cancelled_and_past_sessions_are_not_listed(self):
        booking = self.book(self.alice, FIRST_SLOT)
        self.book(self.alice, FIRST_SLOT + timedelta(weeks=1, hours=1))
        do_cancel_booking(self.fay, booking)
        token = do_reset_calendar_feed(self.alice)
        self.assertEqual(len(self.events(token)), 1)

    def test_resetting_the_feed_kills_the_old_url(self):
        old = do_reset_calendar_feed(self.alice)
        self.login(self.alice)
        response = self.client.post(reverse("care:calendar_feed_reset"), follow=True)
        self.assertContains(response, "The old one no longer works")
        self.assertEqual(self.feed(old).status_code, 404)
        new_url = response.context["feed_url"]
        self.assertEqual(self.client.get(new_url).status_code, 200)

    def test_the_new_address_is_shown_once(self):
        self.login(self.alice)
        self.client.post(reverse("care:calendar_feed_reset"))
        first = self.client.get(reverse("care:calendar_feed_settings"))
        again = self.client.get(reverse("care:calendar_feed_settings"))
        self.assertIsNotNone(first.context["feed_url"])
        self.assertIsNone(again.context["feed_url"])
        self.assertContains(again, "Make a new address")

    def test_only_a_digest_of_the_token_is_stored(self):
        token = do_reset_calendar_feed(self.alice)
        stored = raw_column_values("care_calendarfeed", "token_digest")
        self.assertEqual(len(stored), 1)
        self.assertNotIn(token, stored[0])
        self.assertEqual(CalendarFeed.objects.get().person, self.alice)

    def test_a_made_up_token_gets_404(self):
        do_reset_calendar_feed(self.alice)
        self.assertEqual(self.feed("not-a-real-token").status_code, 404)

    def test_the_settings_page_needs_login_and_the_reset_needs_post(self):
        self.assertEqual(self.client.get(reverse("care:calendar_feed_settings")).status_code, 302)
        self.assertEqual(self.client.post(reverse("care:calendar_feed_reset")).status_code, 302)
        self.assertFalse(CalendarFeed.objects.exists())
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("care:calendar_feed_reset")).status_code, 405)
        self.assertEqual(self.client.post(reverse("care:calendar_feed_settings")).status_code, 405)

    def test_the_feed_refuses_post(self):
        token = do_reset_calendar_feed(self.alice)
        response = self.client.post(reverse("care:calendar_feed", args=[token]))
        self.assertEqual(response.status_code, 405)
