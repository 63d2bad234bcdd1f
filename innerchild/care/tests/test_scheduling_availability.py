"""The facilitator's availability page (weekly windows, days away) and their calendar."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.urls import reverse

from innerchild.care.models import AvailabilityException, AvailabilityRule, Booking
from innerchild.care.tests.scheduling_support import FIRST_SLOT, SchedulingTestCase

WINDOW = {
    "weekday": "2",
    "start_time": "16:00",
    "end_time": "19:00",
    "session_minutes": "60",
    "gap_minutes": "0",
    "mode": "in_person",
    "place": "Calle Mayor 1, Madrid",
}


class AvailabilityPageTests(SchedulingTestCase):
    def test_the_facilitator_sees_their_windows_in_their_own_zone(self):
        self.login(self.fay)
        response = self.client.get(reverse("care:availability"))
        self.assertContains(response, "Europe/Madrid")
        self.assertContains(response, "Monday")
        self.assertContains(response, "09:00")

    def test_adding_a_window_opens_new_slots_for_members(self):
        self.login(self.fay)
        response = self.client.post(reverse("care:availability_add"), WINDOW)
        self.assertRedirects(response, reverse("care:availability"))
        rule = AvailabilityRule.objects.get(weekday=2)
        self.assertEqual(
            (rule.start_time, rule.end_time, rule.mode), (time(16), time(19), "in_person")
        )
        self.login(self.alice)
        page = self.client.get(reverse("care:book_session", args=[self.link.id]))
        # Wednesday 21 October, 16:00 in Madrid is 9:00 in Chicago.
        self.assertContains(page, 'value="2026-10-21T14:00:00+00:00"')
        self.assertContains(page, "In person, Calle Mayor 1, Madrid")

    def test_a_slot_booked_in_an_in_person_window_takes_its_place(self):
        self.login(self.fay)
        self.client.post(reverse("care:availability_add"), WINDOW)
        booking = self.book(self.alice, FIRST_SLOT + timedelta(days=2, hours=7))
        self.assertEqual((booking.mode, booking.place), ("in_person", "Calle Mayor 1, Madrid"))

    def test_an_in_person_window_needs_a_place(self):
        self.login(self.fay)
        response = self.client.post(reverse("care:availability_add"), WINDOW | {"place": ""})
        self.assertContains(response, "Please give the place", status_code=422)
        self.assertEqual(AvailabilityRule.objects.count(), 1)

    def test_a_window_ending_before_it_starts_is_refused_and_the_input_kept(self):
        self.login(self.fay)
        response = self.client.post(
            reverse("care:availability_add"), WINDOW | {"end_time": "15:00"}
        )
        self.assertContains(response, "must end after it starts", status_code=422)
        self.assertContains(response, 'value="16:00"', status_code=422)
        self.assertEqual(AvailabilityRule.objects.count(), 1)

    def test_a_window_shorter_than_one_session_is_refused(self):
        self.login(self.fay)
        response = self.client.post(
            reverse("care:availability_add"), WINDOW | {"end_time": "16:30"}
        )
        self.assertContains(response, "shorter than one session", status_code=422)

    def test_removing_a_window_keeps_sessions_already_booked(self):
        booking = self.book(self.alice, FIRST_SLOT)
        rule = AvailabilityRule.objects.get()
        self.login(self.fay)
        self.client.post(reverse("care:availability_delete", args=[rule.id]))
        self.assertFalse(AvailabilityRule.objects.exists())
        self.assertTrue(Booking.objects.filter(id=booking.id, status="confirmed").exists())

    def test_days_away_close_those_days_for_booking(self):
        self.login(self.fay)
        response = self.client.post(
            reverse("care:away_add"),
            {"starts_on": "2026-10-19", "ends_on": "2026-10-19", "label": "Conference"},
        )
        self.assertRedirects(response, reverse("care:availability"))
        self.assertContains(self.client.get(reverse("care:availability")), "Conference")
        self.login(self.alice)
        page = self.client.get(reverse("care:book_session", args=[self.link.id]))
        self.assertNotContains(page, "Monday 19 October")
        self.assertContains(page, "Monday 26 October")

    def test_days_away_ending_before_they_start_are_refused(self):
        self.login(self.fay)
        response = self.client.post(
            reverse("care:away_add"), {"starts_on": "2026-10-19", "ends_on": "2026-10-18"}
        )
        self.assertContains(response, "cannot be before the first day", status_code=422)
        self.assertFalse(AvailabilityException.objects.exists())

    def test_removing_days_away_opens_them_again(self):
        away = AvailabilityException.objects.create(
            facilitator=self.fay, starts_on=date(2026, 10, 19), ends_on=date(2026, 10, 19)
        )
        self.login(self.fay)
        self.client.post(reverse("care:away_delete", args=[away.id]))
        self.assertFalse(AvailabilityException.objects.exists())

    def test_another_facilitator_cannot_remove_fays_window(self):
        rule = AvailabilityRule.objects.get()
        self.login(self.gus)
        response = self.client.post(reverse("care:availability_delete", args=[rule.id]))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(AvailabilityRule.objects.filter(id=rule.id).exists())

    def test_members_get_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("care:availability")).status_code, 404)
        self.assertEqual(
            self.client.post(reverse("care:availability_add"), WINDOW).status_code, 404
        )

    def test_it_needs_login_and_the_right_method(self):
        self.assertEqual(self.client.get(reverse("care:availability")).status_code, 302)
        self.login(self.fay)
        self.assertEqual(self.client.post(reverse("care:availability")).status_code, 405)
        self.assertEqual(self.client.get(reverse("care:availability_add")).status_code, 405)


class FacilitatorCalendarTests(SchedulingTestCase):
    def test_sessions_are_sorted_into_today_this_week_and_later(self):
        from innerchild.care.api import create_booking

        # Wednesday 14 October 2026, 10:00 UTC: 12:00 in Madrid.
        today = FIRST_SLOT - timedelta(days=5) + timedelta(hours=8)  # Wed 15:00 UTC
        create_booking(
            facilitator=self.fay,
            members=[self.bob],
            starts_at=today,
            ends_at=today + timedelta(minutes=50),
        )
        create_booking(
            facilitator=self.fay,
            members=[self.bob],
            starts_at=today + timedelta(days=2),
            ends_at=today + timedelta(days=2, minutes=50),
        )
        self.book(self.alice, FIRST_SLOT)
        self.login(self.fay)
        response = self.client.get(reverse("care:calendar"))
        self.assertEqual(
            [
                [s["starts_at"] for s in response.context[part]]
                for part in ("today", "this_week", "later")
            ],
            [[today], [today + timedelta(days=2)], [FIRST_SLOT]],
        )
        self.assertContains(response, "Monday 19 October 2026, 09:00")

    def test_members_get_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("care:calendar")).status_code, 404)

    def test_it_needs_login_and_get(self):
        self.assertEqual(self.client.get(reverse("care:calendar")).status_code, 302)
        self.login(self.fay)
        self.assertEqual(self.client.post(reverse("care:calendar")).status_code, 405)


class UpcomingForOtherPagesTests(SchedulingTestCase):
    def test_both_sides_get_plain_upcoming_sessions_soonest_first(self):
        from innerchild.care.schedule_queries import upcoming_for_facilitator, upcoming_for_member

        later = self.book(self.alice, FIRST_SLOT + timedelta(hours=1))
        sooner = self.book(self.bob, FIRST_SLOT)
        for_fay = upcoming_for_facilitator(self.fay, limit=5)
        self.assertEqual([s["id"] for s in for_fay], [sooner.id, later.id])
        self.assertEqual(for_fay[0]["with"], ["Bob"])
        for_alice = upcoming_for_member(self.alice, limit=5)
        self.assertEqual([(s["id"], s["with"]) for s in for_alice], [(later.id, ["Fay"])])
        self.assertEqual(len(upcoming_for_facilitator(self.fay, limit=1)), 1)

    def test_they_use_a_constant_number_of_queries(self):
        from innerchild.care.schedule_queries import upcoming_for_facilitator

        self.book(self.alice, FIRST_SLOT)
        with self.assertNumQueries(2):
            upcoming_for_facilitator(self.fay, limit=10)
        self.book(self.bob, FIRST_SLOT + timedelta(hours=1))
        with self.assertNumQueries(2):
            upcoming_for_facilitator(self.fay, limit=10)
