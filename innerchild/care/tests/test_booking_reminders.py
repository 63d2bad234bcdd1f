"""Reminders 24 hours and 1 hour before a session: sent once, at the right time, to each
participant; never for a cancelled session, and never at the old time of a moved one."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail

from innerchild.care import tasks
from innerchild.care.actions.bookings import do_cancel_booking, do_reschedule_booking
from innerchild.care.models import AvailabilityRule
from innerchild.care.tests.scheduling_support import FIRST_SLOT, SchedulingTestCase, utc
from innerchild.core import jobs


class BookingReminderTests(SchedulingTestCase):
    def setUp(self):
        self.booking = self.book(self.alice, FIRST_SLOT)
        self.send_queued_mail()  # the confirmations

    def reminders_at(self, moment) -> list:
        with time_machine.travel(moment, tick=False):
            return self.send_queued_mail()

    def test_each_participant_is_reminded_a_day_before_and_an_hour_before(self):
        self.assertEqual(self.reminders_at(FIRST_SLOT - timedelta(hours=24, minutes=1)), [])
        day_before = self.reminders_at(FIRST_SLOT - timedelta(hours=24))
        self.assertEqual(
            sorted((m.to[0], m.subject) for m in day_before),
            [
                ("alice@example.org", "Your session is tomorrow"),
                ("fay@example.org", "Your session is tomorrow"),
            ],
        )
        self.assertEqual(self.reminders_at(FIRST_SLOT - timedelta(hours=2)), [])
        hour_before = self.reminders_at(FIRST_SLOT - timedelta(hours=1))
        self.assertEqual({m.subject for m in hour_before}, {"Your session starts in an hour"})
        self.assertEqual(len(hour_before), 2)

    def test_the_reminder_gives_the_time_in_the_readers_zone(self):
        sent = {m.to[0]: m for m in self.reminders_at(FIRST_SLOT - timedelta(hours=1))}
        self.assertIn("19 October 2026, 02:00", sent["alice@example.org"].body)
        self.assertIn("19 October 2026, 09:00", sent["fay@example.org"].body)

    def test_a_reminder_job_run_twice_sends_once(self):
        with time_machine.travel(FIRST_SLOT - timedelta(hours=1), tick=False):
            mail.outbox.clear()
            for _ in range(2):
                with self.captureOnCommitCallbacks(execute=True):
                    tasks.send_booking_reminder.call(str(self.booking.id), 0, "1h")
                with self.captureOnCommitCallbacks(execute=True):
                    jobs.run_due_jobs()
            # The scheduled job runs too: still one message each.
            hour = [m.to[0] for m in mail.outbox if m.subject == "Your session starts in an hour"]
            self.assertEqual(sorted(hour), ["alice@example.org", "fay@example.org"])

    def test_a_cancelled_session_sends_no_reminder(self):
        with self.captureOnCommitCallbacks(execute=True):
            do_cancel_booking(self.alice, self.booking)
        self.send_queued_mail()
        self.assertEqual(self.reminders_at(FIRST_SLOT - timedelta(hours=24)), [])
        self.assertEqual(self.reminders_at(FIRST_SLOT - timedelta(hours=1)), [])

    def test_a_moved_session_is_reminded_at_its_new_time_only(self):
        later = FIRST_SLOT + timedelta(hours=2)
        with self.captureOnCommitCallbacks(execute=True):
            do_reschedule_booking(self.alice, self.booking, later)
        self.send_queued_mail()
        self.assertEqual(self.reminders_at(FIRST_SLOT - timedelta(hours=24)), [])
        self.assertEqual(len(self.reminders_at(later - timedelta(hours=24))), 2)
        self.assertEqual(self.reminders_at(FIRST_SLOT - timedelta(hours=1)), [])
        self.assertEqual(len(self.reminders_at(later - timedelta(hours=1))), 2)

    def test_an_old_reminder_job_that_already_left_the_queue_sends_nothing(self):
        # A worker may have claimed the job just before the session moved: it re-checks.
        with self.captureOnCommitCallbacks(execute=True):
            do_reschedule_booking(self.fay, self.booking, FIRST_SLOT + timedelta(days=1))
        with time_machine.travel(FIRST_SLOT - timedelta(hours=1), tick=False):
            result = tasks.send_booking_reminder.call(str(self.booking.id), 0, "1h")
        self.assertIn("not sent", result)

    def test_a_session_booked_less_than_a_day_ahead_gets_only_the_hour_reminder(self):
        with time_machine.travel(FIRST_SLOT - timedelta(hours=13), tick=False):
            booking = self.book(self.bob, FIRST_SLOT + timedelta(hours=1))
            self.send_queued_mail()
        self.assertEqual(
            [m.to[0] for m in self.reminders_at(booking.starts_at - timedelta(hours=24))], []
        )
        sent = self.reminders_at(booking.starts_at - timedelta(hours=1))
        self.assertIn("bob@example.org", [m.to[0] for m in sent])


class DaylightSavingReminderTests(SchedulingTestCase):
    """Madrid leaves summer time on Sunday 25 October 2026 (03:00 becomes 02:00, 01:00 UTC), New
    York on Sunday 1 November 2026 (02:00 becomes 01:00, 06:00 UTC). A reminder goes 24 elapsed
    hours before the session, not at the same wall-clock time the day before, and each email
    names the session's time in its reader's zone on the day of the session."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bob.timezone = "America/New_York"
        cls.bob.save(update_fields=["timezone"])
        # Sundays 9:00-12:00 in Madrid too, so a session can fall on the day the clocks change.
        AvailabilityRule.objects.create(
            facilitator=cls.fay,
            weekday=6,
            start_time=time(9),
            end_time=time(12),
            session_minutes=50,
            gap_minutes=10,
        )

    def reminders_at(self, moment) -> list:
        with time_machine.travel(moment, tick=False):
            return self.send_queued_mail()

    def book_at(self, member, starts_at):
        booking = self.book(member, starts_at)
        self.send_queued_mail()  # the confirmations
        return booking

    def test_the_monday_after_madrids_change_is_at_ten_there_and_reminded_a_day_before(self):
        # 10:00 in Madrid on Monday 26 October is 09:00 UTC in winter time (08:00 a day earlier).
        booking = self.book_at(self.bob, utc(2026, 10, 26, 9, 0))
        self.assertEqual(booking.starts_at.astimezone(ZoneInfo("Europe/Madrid")).hour, 10)
        self.assertEqual(self.reminders_at(utc(2026, 10, 25, 8, 59, 59)), [])
        sent = {m.to[0]: m for m in self.reminders_at(utc(2026, 10, 25, 9, 0))}
        self.assertEqual(set(sent), {"fay@example.org", "bob@example.org"})
        self.assertEqual(sent["fay@example.org"].subject, "Your session is tomorrow")
        self.assertIn("26 October 2026, 10:00-10:50 (Europe/Madrid)", sent["fay@example.org"].body)
        # New York is still on summer time that day: 09:00 UTC is 05:00 there.
        self.assertIn(
            "26 October 2026, 05:00-05:50 (America/New_York)", sent["bob@example.org"].body
        )
        self.assertEqual(self.reminders_at(utc(2026, 10, 26, 7, 59, 59)), [])
        hour = self.reminders_at(utc(2026, 10, 26, 8, 0))
        self.assertEqual({m.subject for m in hour}, {"Your session starts in an hour"})
        self.assertEqual(len(hour), 2)

    def test_a_session_on_the_day_madrid_changes_is_reminded_24_elapsed_hours_before(self):
        # 10:00 on Sunday 25 October, winter time, is 09:00 UTC; 24 hours earlier it is 11:00 in
        # Madrid on Saturday (summer time). 10:00 on Saturday, 08:00 UTC, is a wall-clock day.
        booking = self.book_at(self.bob, utc(2026, 10, 25, 9, 0))
        self.assertEqual(booking.starts_at.astimezone(ZoneInfo("Europe/Madrid")).hour, 10)
        self.assertEqual(self.reminders_at(utc(2026, 10, 24, 8, 0)), [])
        self.assertEqual(self.reminders_at(utc(2026, 10, 24, 8, 59, 59)), [])
        sent = {m.to[0]: m for m in self.reminders_at(utc(2026, 10, 24, 9, 0))}
        self.assertIn("25 October 2026, 10:00-10:50 (Europe/Madrid)", sent["fay@example.org"].body)
        self.assertIn(
            "25 October 2026, 05:00-05:50 (America/New_York)", sent["bob@example.org"].body
        )
        self.assertEqual(len(self.reminders_at(utc(2026, 10, 25, 8, 0))), 2)

    def test_a_session_on_the_day_new_york_changes_names_its_winter_time_to_the_member(self):
        # Sunday 1 November, 10:00 in Madrid (09:00 UTC), is 04:00 in New York after its change;
        # 24 hours earlier it was 05:00 there. 04:00 on Saturday, 08:00 UTC, is a wall-clock day.
        booking = self.book_at(self.bob, utc(2026, 11, 1, 9, 0))
        self.assertEqual(booking.starts_at.astimezone(ZoneInfo("Europe/Madrid")).hour, 10)
        self.assertEqual(self.reminders_at(utc(2026, 10, 31, 8, 0)), [])
        self.assertEqual(self.reminders_at(utc(2026, 10, 31, 8, 59, 59)), [])
        sent = {m.to[0]: m for m in self.reminders_at(utc(2026, 10, 31, 9, 0))}
        self.assertIn(
            "1 November 2026, 04:00-04:50 (America/New_York)", sent["bob@example.org"].body
        )
        self.assertIn("1 November 2026, 10:00-10:50 (Europe/Madrid)", sent["fay@example.org"].body)
        hour = {m.to[0]: m for m in self.reminders_at(utc(2026, 11, 1, 8, 0))}
        self.assertIn("04:00-04:50 (America/New_York)", hour["bob@example.org"].body)

    def test_the_reminder_jobs_are_due_at_the_utc_instants(self):
        from django_tasks_db.models import DBTaskResult

        booking = self.book_at(self.bob, utc(2026, 10, 25, 9, 0))
        due = sorted(
            DBTaskResult.objects.filter(
                task_path__endswith="send_booking_reminder", args_kwargs__args__0=str(booking.id)
            ).values_list("run_after", flat=True)
        )
        self.assertEqual(due, [utc(2026, 10, 24, 9, 0), utc(2026, 10, 25, 8, 0)])
