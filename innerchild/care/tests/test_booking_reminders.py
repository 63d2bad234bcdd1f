"""Reminders 24 hours and 1 hour before a session: sent once, at the right time, to each
participant; never for a cancelled session, and never at the old time of a moved one."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail

from innerchild.care import tasks
from innerchild.care.actions.bookings import do_cancel_booking, do_reschedule_booking
from innerchild.care.tests.scheduling_support import FIRST_SLOT, SchedulingTestCase
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
