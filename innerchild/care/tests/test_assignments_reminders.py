"""The member hears once when something opens for them, and once the day before it is due; the
emails never say what was assigned."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from innerchild.assessments import api as assessments
from innerchild.care import assignment_tasks
from innerchild.care.models import Assignment, AssignmentKind, CareLink
from innerchild.core import jobs
from innerchild.core.testing import InnerchildTestCase

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@time_machine.travel(START, tick=False)
class ReminderTests(InnerchildTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.link = CareLink.objects.create(facilitator=cls.fay, member=cls.alice, started_at=START)

    def give(self, due_in, kind=AssignmentKind.PRACTICE, target="", every_weeks=None):
        now = timezone.now()
        return Assignment.objects.create(
            link=self.link,
            kind=kind,
            target=target,
            title="Letter to the eight-year-old",
            due_at=now + due_in,
            every_weeks=every_weeks,
            created_at=now,
            opens_at=now,
        )

    def run_jobs(self, job):
        with self.captureOnCommitCallbacks(execute=True):
            job.call()
        jobs.run_due_jobs()

    def test_a_new_assignment_is_announced_once_without_its_title(self):
        self.give(timedelta(days=5))
        self.run_jobs(assignment_tasks.announce_opened_assignments)
        self.run_jobs(assignment_tasks.announce_opened_assignments)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [self.alice.email])
        self.assertIn("Fay has sent you something to do", message.subject)
        self.assertNotIn("eight-year-old", message.subject + message.body)

    def test_the_day_before_it_is_due_the_member_is_reminded_once(self):
        self.give(timedelta(days=3))
        with time_machine.travel(START + timedelta(days=2, hours=1), tick=False):
            self.run_jobs(assignment_tasks.remind_due_assignments)
            self.run_jobs(assignment_tasks.remind_due_assignments)
        reminders = [m for m in mail.outbox if "A reminder from Fay" in m.subject]
        self.assertEqual(len(reminders), 1)

    def test_nothing_is_reminded_once_done(self):
        assignment = self.give(timedelta(days=3), AssignmentKind.QUESTIONNAIRE, "phq9")
        assessments.attempt_completed.send(
            sender=None, user=self.alice, attempt_id=uuid.uuid4(), instrument="phq9"
        )
        self.assertEqual(assignment.completions.count(), 1)
        with time_machine.travel(START + timedelta(days=2, hours=1), tick=False):
            self.run_jobs(assignment_tasks.remind_due_assignments)
        self.assertEqual(mail.outbox, [])

    def test_a_questionnaire_every_four_weeks_is_sent_again_when_its_next_one_opens(self):
        self.give(timedelta(days=1), AssignmentKind.QUESTIONNAIRE, "phq9", every_weeks=4)
        self.run_jobs(assignment_tasks.announce_opened_assignments)
        assessments.attempt_completed.send(
            sender=None, user=self.alice, attempt_id=uuid.uuid4(), instrument="phq9"
        )
        with time_machine.travel(START + timedelta(days=20), tick=False):
            self.run_jobs(assignment_tasks.announce_opened_assignments)
        self.assertEqual(len(mail.outbox), 1)
        # Due 29 days after the start, it opens a week before.
        with time_machine.travel(START + timedelta(days=22, hours=1), tick=False):
            self.run_jobs(assignment_tasks.announce_opened_assignments)
        self.assertEqual(len(mail.outbox), 2)

    def test_a_stopped_assignment_is_not_announced(self):
        self.give(timedelta(days=2))
        Assignment.objects.update(archived_at=timezone.now())
        self.run_jobs(assignment_tasks.announce_opened_assignments)
        self.assertEqual(mail.outbox, [])

    def test_both_jobs_are_registered_as_periodic(self):
        names = {periodic.name for periodic in jobs.periodic_jobs()}
        self.assertLessEqual({"care-assignments-opened", "care-assignments-due"}, names)
