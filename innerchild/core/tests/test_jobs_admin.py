"""Job pages in the admin: failures and workers are visible to staff, and nobody edits them."""

from __future__ import annotations

from django.test import TestCase
from django.utils import timezone

from innerchild.accounts.models import User
from innerchild.core import jobs
from innerchild.core.models import OnceKey, PeriodicJob, WorkerBeat
from innerchild.core.testing import PASSWORD, add_authenticator, log_in
from innerchild.core.tests.test_jobs import FAILING, FailingSMTPBackend


class JobAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser(
            email="admin@example.org", password=PASSWORD, display_name="Admin", birth_year=1980
        )
        add_authenticator(cls.admin)

    def setUp(self):
        log_in(self.client, self.admin)

    def test_a_failed_email_shows_in_the_task_results_without_its_body(self):
        FailingSMTPBackend.failures = 1
        with self.settings(EMAIL_BACKEND=FAILING), self.captureOnCommitCallbacks(execute=True):
            jobs.send_mail_later(
                to=["alice@example.org"], subject="Reminder", body="A private sentence."
            )
        with self.settings(EMAIL_BACKEND=FAILING), self.assertLogs("innerchild.jobs"):
            jobs.run_due_jobs()

        page = self.client.get(
            "/admin/django_tasks_database/dbtaskresult/", {"status__exact": "FAILED"}
        )
        self.assertContains(page, "send_email")
        self.assertNotContains(page, "A private sentence.")

    def test_workers_periodic_jobs_and_once_keys_are_listed(self):
        now = timezone.now()
        WorkerBeat.objects.create(
            worker_id="host-1-abc", host="host", pid=1, started_at=now, last_seen_at=now
        )
        PeriodicJob.objects.create(name="prune-finished-jobs", next_run_at=now)
        OnceKey.objects.create(key="reminder-1h:42", state=OnceKey.State.STARTED, updated_at=now)

        self.assertContains(self.client.get("/admin/core/workerbeat/"), "host-1-abc")
        self.assertContains(self.client.get("/admin/core/periodicjob/"), "prune-finished-jobs")
        self.assertContains(self.client.get("/admin/core/oncekey/"), "reminder-1h:42")

    def test_nobody_can_edit_what_the_workers_own(self):
        now = timezone.now()
        PeriodicJob.objects.create(name="prune-finished-jobs", next_run_at=now)

        self.assertEqual(self.client.get("/admin/core/periodicjob/add/").status_code, 403)
        page = self.client.post(
            "/admin/core/periodicjob/prune-finished-jobs/change/",
            {"name": "prune-finished-jobs", "next_run_at_0": "2000-01-01", "run_count": 0},
        )
        self.assertEqual(page.status_code, 403)
