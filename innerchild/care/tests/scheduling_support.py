"""What scheduling tests share: fay (facilitator, Madrid) linked to alice (member, Chicago), with
a weekly window on Monday mornings, and time frozen on Wednesday 14 October 2026, 10:00 UTC."""

from __future__ import annotations

from datetime import UTC, datetime, time

import time_machine
from django.core import mail

from innerchild.care.models import AvailabilityRule, Booking, CareLink
from innerchild.core import jobs
from innerchild.core.testing import InnerchildTestCase

NOW = datetime(2026, 10, 14, 10, 0, tzinfo=UTC)
# Monday 19 October 2026, 9:00 in Madrid (summer time).
FIRST_SLOT = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


class SchedulingTestCase(InnerchildTestCase):
    @classmethod
    def setUpClass(cls):
        cls.frozen = time_machine.travel(NOW, tick=False)
        cls.frozen.start()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.frozen.stop()

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.fay.timezone = "Europe/Madrid"
        cls.fay.save(update_fields=["timezone"])
        cls.alice.timezone = "America/Chicago"
        cls.alice.save(update_fields=["timezone"])
        cls.link = CareLink.objects.create(facilitator=cls.fay, member=cls.alice, started_at=NOW)
        cls.bob_link = CareLink.objects.create(facilitator=cls.fay, member=cls.bob, started_at=NOW)
        # Mondays 9:00-12:00 in Madrid, 50-minute sessions with a 10-minute break.
        AvailabilityRule.objects.create(
            facilitator=cls.fay,
            weekday=0,
            start_time=time(9),
            end_time=time(12),
            session_minutes=50,
            gap_minutes=10,
        )

    def send_queued_mail(self) -> list:
        """Run the jobs that are due now, and those they queue, and return the emails sent."""
        mail.outbox.clear()
        for _round in range(5):
            # Jobs queue their emails after their own transaction commits, as in a worker.
            with self.captureOnCommitCallbacks(execute=True):
                ran = jobs.run_due_jobs()
            if not ran:
                break
        return list(mail.outbox)

    def book(self, member, starts_at, **kwargs) -> Booking:
        from innerchild.care.actions.bookings import do_book_slot

        with self.captureOnCommitCallbacks(execute=True):
            return do_book_slot(member=member, facilitator=self.fay, starts_at=starts_at, **kwargs)
