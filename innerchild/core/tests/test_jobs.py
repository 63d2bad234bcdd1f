"""Background jobs run in this process: emails, retries, once keys, scheduling, periodic claims,
recovery of jobs whose worker died. The real worker process is tested in test_jobs_worker.py."""

from __future__ import annotations

import os
import smtplib
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from unittest import mock

import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connections, transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from innerchild.core import jobs
from innerchild.core.models import OnceKey, PeriodicJob, WorkerBeat

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOTES: list[str] = []


@jobs.task()
def note(text: str) -> str:
    NOTES.append(text)
    return text


class FailingSMTPBackend(BaseEmailBackend):
    """Fails like an SMTP server that is down, `failures` times, then delivers to mail.outbox."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def send_messages(self, messages):
        if FailingSMTPBackend.failures > 0:
            FailingSMTPBackend.failures -= 1
            raise FailingSMTPBackend.error
        mail.outbox.extend(messages)
        return len(messages)


FAILING = "innerchild.core.tests.test_jobs.FailingSMTPBackend"


def rows(status=None):
    found = DBTaskResult.objects.all()
    return list(found.filter(status=status) if status else found)


class SendMailLaterTests(TestCase):
    def send(self, **overrides):
        message = {
            "to": ["alice@example.org"],
            "subject": "Your session is tomorrow",
            "body": "See you at 10:00 with Fay.",
        }
        with self.captureOnCommitCallbacks(execute=True):
            jobs.send_mail_later(**(message | overrides))

    def test_an_email_job_sends_one_email_with_its_attachment(self):
        self.send(
            attachments=[("session.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")]
        )
        self.assertEqual(mail.outbox, [])

        self.assertEqual(jobs.run_due_jobs(), 1)

        self.assertEqual(len(mail.outbox), 1)
        sent = mail.outbox[0]
        self.assertEqual(sent.to, ["alice@example.org"])
        self.assertEqual(sent.subject, "Your session is tomorrow")
        self.assertEqual(sent.body, "See you at 10:00 with Fay.")
        self.assertEqual(
            sent.attachments[0][:2], ("session.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        )
        self.assertEqual(rows()[0].status, TaskResultStatus.SUCCESSFUL)

    def test_it_sends_nothing_when_the_transaction_is_rolled_back(self):
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    jobs.send_mail_later(to=["alice@example.org"], subject="Hi", body="Hello")
                    raise RuntimeError("the booking could not be saved")
            except RuntimeError:
                pass

        self.assertEqual(jobs.run_due_jobs(), 0)
        self.assertEqual(mail.outbox, [])

    def test_the_message_waiting_in_the_queue_is_encrypted(self):
        self.send(body="I felt small again today.")

        stored = DBTaskResult.objects.values_list("args_kwargs", flat=True).get()
        self.assertNotIn("small again", str(stored))
        self.assertNotIn("alice@example.org", str(stored))

    def test_an_email_for_later_waits_until_its_time(self):
        with time_machine.travel(START, tick=False) as traveller:
            self.send(run_after=START + timedelta(hours=1))

            traveller.shift(timedelta(minutes=59))
            self.assertEqual(jobs.run_due_jobs(), 0)
            self.assertEqual(mail.outbox, [])

            traveller.shift(timedelta(minutes=1))
            self.assertEqual(jobs.run_due_jobs(), 1)
            self.assertEqual(len(mail.outbox), 1)

    def test_a_naive_time_is_refused(self):
        with self.assertRaises(ValueError):
            jobs.send_mail_later(
                to=["alice@example.org"], subject="Hi", body="Hello", run_after=datetime(2026, 1, 1)
            )

    @override_settings(EMAIL_BACKEND=FAILING)
    def test_a_send_that_fails_once_goes_out_on_the_next_attempt(self):
        FailingSMTPBackend.failures = 1
        with time_machine.travel(START, tick=False) as traveller:
            self.send()
            with self.assertLogs("innerchild.jobs", level="WARNING") as logs:
                jobs.run_due_jobs()
            self.assertEqual(mail.outbox, [])
            self.assertIn("attempt 1 of 5 failed (SMTPServerDisconnected)", logs.output[0])

            traveller.shift(timedelta(minutes=2))
            jobs.run_due_jobs()

        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual([row.status for row in rows(TaskResultStatus.FAILED)], ["FAILED"])
        self.assertEqual(len(rows(TaskResultStatus.SUCCESSFUL)), 1)

    @override_settings(EMAIL_BACKEND=FAILING)
    def test_a_send_that_keeps_failing_is_retried_then_recorded_as_failed_and_kept(self):
        FailingSMTPBackend.failures = 100
        with time_machine.travel(START, tick=False) as traveller:
            self.send(body="See you at 10:00 with Fay.", once_key="reminder-24h:7")
            with self.assertLogs("innerchild.jobs", level="WARNING") as logs:
                for _ in range(jobs.EMAIL_MAX_ATTEMPTS):
                    self.assertEqual(jobs.run_due_jobs(), 1)
                    traveller.shift(timedelta(hours=2))
                self.assertEqual(jobs.run_due_jobs(), 0)

        self.assertEqual(mail.outbox, [])
        failed = rows(TaskResultStatus.FAILED)
        self.assertEqual(len(failed), jobs.EMAIL_MAX_ATTEMPTS)
        self.assertEqual(len(rows()), jobs.EMAIL_MAX_ATTEMPTS)
        last = max(failed, key=lambda row: row.enqueued_at)
        self.assertEqual(last.exception_class_path, "innerchild.core.jobs.EmailNotSent")
        self.assertIn("Attempt 5 of 5 failed (SMTPServerDisconnected); gave up", last.traceback)
        self.assertIn("giving up", logs.output[-1])
        self.assertNotIn("See you at 10:00", "\n".join(logs.output))

        # The message is still there: once SMTP works again, a retry delivers it.
        FailingSMTPBackend.failures = 0
        jobs.retry(str(last.id))
        jobs.run_due_jobs()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].body, "See you at 10:00 with Fay.")

    @override_settings(EMAIL_BACKEND=FAILING)
    def test_a_refused_recipient_is_not_retried(self):
        FailingSMTPBackend.failures = 1
        refused = smtplib.SMTPRecipientsRefused({"alice@example.org": (550, b"No such user")})
        with mock.patch.object(FailingSMTPBackend, "error", refused):
            self.send()
            with self.assertLogs("innerchild.jobs", level="ERROR") as logs:
                jobs.run_due_jobs()

        failed = rows(TaskResultStatus.FAILED)
        self.assertEqual(len(failed), 1)
        self.assertEqual(rows(TaskResultStatus.READY), [])
        self.assertIn("(SMTPRecipientsRefused); gave up", failed[0].traceback)
        self.assertNotIn("alice@example.org", failed[0].traceback)
        self.assertNotIn("alice@example.org", "\n".join(logs.output))

    def test_a_once_key_sends_once_when_enqueued_twice(self):
        self.send(once_key="reminder-24h:42")
        self.send(once_key="reminder-24h:42")

        self.assertEqual(jobs.run_due_jobs(), 2)
        self.assertEqual(len(mail.outbox), 1)

    def test_a_once_key_sends_once_when_the_job_is_run_again_after_a_crash(self):
        self.send(once_key="reminder-1h:42")
        jobs.run_due_jobs()
        # As if the worker had died after sending, before recording success.
        DBTaskResult.objects.update(status=TaskResultStatus.READY)

        self.assertEqual(jobs.run_due_jobs(), 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_an_email_whose_worker_died_while_sending_is_not_sent_again(self):
        # Whether the SMTP server took it is unknown: at most once means not again.
        OnceKey.objects.create(
            key="reminder-1h:42", state=OnceKey.State.STARTED, updated_at=timezone.now()
        )
        self.send(once_key="reminder-1h:42")

        with self.assertLogs("innerchild.jobs", level="INFO") as logs:
            jobs.run_due_jobs()
        self.assertEqual(mail.outbox, [])
        self.assertIn("its worker died while sending it; not sent again", logs.output[0])

    def test_different_once_keys_each_send(self):
        self.send(once_key="reminder-24h:42")
        self.send(once_key="reminder-1h:42")

        jobs.run_due_jobs()
        self.assertEqual(len(mail.outbox), 2)

    def test_cancelling_by_once_key_withdraws_a_waiting_email(self):
        with time_machine.travel(START, tick=False) as traveller:
            self.send(run_after=START + timedelta(hours=23), once_key="reminder-24h:42")
            self.send(run_after=START + timedelta(hours=23), once_key="reminder-24h:43")

            self.assertEqual(jobs.cancel("reminder-24h:42"), 1)

            traveller.shift(timedelta(days=1))
            jobs.run_due_jobs()
        self.assertEqual(len(mail.outbox), 1)

    def test_cancelling_after_the_email_went_out_changes_nothing(self):
        self.send(once_key="reminder-24h:42")
        jobs.run_due_jobs()

        self.assertEqual(jobs.cancel("reminder-24h:42"), 0)
        self.assertEqual(rows()[0].status, TaskResultStatus.SUCCESSFUL)


class ScheduleTests(TestCase):
    def setUp(self):
        NOTES.clear()

    def test_a_scheduled_job_runs_at_its_time_with_its_arguments(self):
        with time_machine.travel(START, tick=False) as traveller:
            with self.captureOnCommitCallbacks(execute=True):
                jobs.schedule(note, "questionnaire due", run_after=START + timedelta(days=7))
            jobs.run_due_jobs()
            self.assertEqual(NOTES, [])

            traveller.shift(timedelta(days=7))
            jobs.run_due_jobs()
        self.assertEqual(NOTES, ["questionnaire due"])

    def test_a_model_instance_as_argument_is_refused_before_anything_is_saved(self):
        with self.assertRaises(TypeError):
            jobs.schedule(note, PeriodicJob(name="not JSON"))

    def test_a_cancelled_job_never_runs(self):
        with self.captureOnCommitCallbacks(execute=True):
            jobs.schedule(note, "reminder", key="booking:9")
        self.assertEqual(jobs.cancel("booking:9"), 1)

        self.assertEqual(jobs.run_due_jobs(), 0)
        self.assertEqual(NOTES, [])
        self.assertEqual(rows(), [])

    def test_a_job_is_not_enqueued_before_the_transaction_commits(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            jobs.schedule(note, "reminder")
            self.assertEqual(rows(), [])
        self.assertEqual(len(callbacks), 1)


class OnceTests(TestCase):
    def test_a_failed_attempt_releases_the_key_for_the_next_one(self):
        with self.assertRaises(OSError), jobs.once("export:1") as first:
            self.assertTrue(first)
            raise OSError("disk full")
        with jobs.once("export:1") as first:
            self.assertTrue(first)
        with jobs.once("export:1") as first:
            self.assertFalse(first)
        self.assertEqual(OnceKey.objects.get().state, OnceKey.State.DONE)


class PeriodicTests(TestCase):
    def setUp(self):
        patcher = mock.patch.dict(jobs._periodic, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        NOTES.clear()

    def test_a_periodic_job_runs_when_due_and_not_again_before_its_interval(self):
        jobs.register_periodic("nightly-note", note.using(), every=timedelta(hours=24))
        with time_machine.travel(START, tick=False) as traveller:
            self.assertEqual(jobs.enqueue_due_periodic_jobs(), ["nightly-note"])
            traveller.shift(timedelta(hours=23))
            self.assertEqual(jobs.enqueue_due_periodic_jobs(), [])
            traveller.shift(timedelta(hours=1))
            self.assertEqual(jobs.enqueue_due_periodic_jobs(), ["nightly-note"])

        self.assertEqual(len(rows()), 2)
        self.assertEqual(PeriodicJob.objects.get().next_run_at, START + timedelta(hours=48))

    def test_two_workers_that_both_see_a_run_due_enqueue_it_once(self):
        jobs.register_periodic("hourly", note, every=timedelta(hours=1))
        PeriodicJob.objects.create(name="hourly", next_run_at=START)
        first_view = PeriodicJob.objects.get()
        second_view = PeriodicJob.objects.get()

        claimed = [
            jobs.claim_periodic_run(first_view, START),
            jobs.claim_periodic_run(second_view, START),
        ]

        self.assertEqual(claimed, [True, False])
        self.assertEqual(len(rows()), 1)

    def test_runs_missed_while_no_worker_ran_are_not_caught_up(self):
        jobs.register_periodic("hourly", note, every=timedelta(hours=1))
        PeriodicJob.objects.create(name="hourly", next_run_at=START)

        with time_machine.travel(START + timedelta(hours=5, minutes=30), tick=False):
            self.assertEqual(jobs.enqueue_due_periodic_jobs(), ["hourly"])
            self.assertEqual(jobs.enqueue_due_periodic_jobs(), [])
        self.assertEqual(
            PeriodicJob.objects.get().next_run_at, START + timedelta(hours=6, minutes=30)
        )

    def test_only_tasks_can_be_registered(self):
        with self.assertRaises(TypeError):
            jobs.register_periodic("nightly", lambda: None, every=timedelta(hours=1))


class PeriodicRaceTests(TransactionTestCase):
    """Real concurrency: several threads, each with its own database connection."""

    def setUp(self):
        patcher = mock.patch.dict(jobs._periodic, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_workers_racing_for_a_due_run_enqueue_it_exactly_once(self):
        jobs.register_periodic("hourly", note, every=timedelta(hours=1))
        PeriodicJob.objects.create(name="hourly", next_run_at=timezone.now() - timedelta(seconds=1))
        racers = 4
        barrier = threading.Barrier(racers, timeout=10)
        won: list[str] = []
        errors: list[BaseException] = []

        def race():
            try:
                row = PeriodicJob.objects.get()
                barrier.wait()
                if jobs.claim_periodic_run(row, timezone.now()):
                    won.append(threading.current_thread().name)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=race, name=f"worker-{n}") for n in range(racers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)

        self.assertEqual(errors, [])
        self.assertEqual(len(won), 1)
        self.assertEqual(DBTaskResult.objects.count(), 1)
        self.assertEqual(PeriodicJob.objects.get().run_count, 1)


def dead_pid() -> int:
    """The id of a process that has just ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=10)
    return process.pid


class RecoveryTests(TestCase):
    def running_job(self, worker_id: str, started_at=None) -> DBTaskResult:
        with self.captureOnCommitCallbacks(execute=True):
            jobs.schedule(note, "reminder")
        row = DBTaskResult.objects.get()
        row.claim(worker_id)
        if started_at:
            DBTaskResult.objects.filter(id=row.id).update(started_at=started_at)
        return row

    def beat(self, worker_id, *, pid, host=None, last_seen_at=None):
        now = timezone.now()
        WorkerBeat.objects.create(
            worker_id=worker_id,
            host=host or jobs.host_identity(),
            pid=pid,
            started_at=now,
            last_seen_at=last_seen_at or now,
        )

    def test_a_job_whose_worker_process_died_is_queued_again(self):
        self.beat("w1", pid=dead_pid())
        row = self.running_job("w1")

        self.assertEqual(jobs.recover_lost_jobs(), 1)

        row.refresh_from_db()
        self.assertEqual(row.status, TaskResultStatus.READY)
        self.assertFalse(WorkerBeat.objects.exists())
        self.assertEqual(jobs.run_due_jobs(), 1)

    def test_a_job_of_a_live_worker_is_left_alone(self):
        self.beat("w1", pid=os.getpid())
        row = self.running_job("w1")

        self.assertEqual(jobs.recover_lost_jobs(), 0)
        row.refresh_from_db()
        self.assertEqual(row.status, TaskResultStatus.RUNNING)

    def test_a_worker_elsewhere_not_seen_for_a_while_is_taken_as_dead(self):
        long_ago = timezone.now() - timedelta(minutes=5)
        self.beat("w9", pid=1, host="another-machine", last_seen_at=long_ago)
        row = self.running_job("w9")

        self.assertEqual(jobs.recover_lost_jobs(), 1)
        row.refresh_from_db()
        self.assertEqual(row.status, TaskResultStatus.READY)

    def test_a_worker_restarted_under_the_same_name_queues_its_own_lost_job_again(self):
        self.beat("worker-1", pid=os.getpid())
        row = self.running_job("worker-1")

        self.assertEqual(jobs.recover_lost_jobs(restarted="worker-1"), 1)
        row.refresh_from_db()
        self.assertEqual(row.status, TaskResultStatus.READY)

    def test_a_job_that_lost_its_worker_three_times_is_recorded_as_failed(self):
        self.beat("w3", pid=dead_pid())
        row = self.running_job("w3")
        DBTaskResult.objects.filter(id=row.id).update(worker_ids=["w1", "w2", "w3"])

        self.assertEqual(jobs.recover_lost_jobs(), 0)
        row.refresh_from_db()
        self.assertEqual(row.status, TaskResultStatus.FAILED)
        self.assertEqual(row.exception_class_path, "innerchild.core.jobs.WorkerLost")
        self.assertIn("stopped 3 times", row.traceback)


class PruneTests(TestCase):
    def test_finished_jobs_are_forgotten_after_a_while_and_waiting_ones_never(self):
        with time_machine.travel(START, tick=False) as traveller:
            with self.captureOnCommitCallbacks(execute=True):
                jobs.schedule(note, "done")
                jobs.schedule(note, "waiting", run_after=START + timedelta(days=60))
            jobs.run_due_jobs()

            traveller.shift(timedelta(days=6))
            jobs.prune_finished_jobs.call()
            self.assertEqual(len(rows()), 2)

            traveller.shift(timedelta(days=2))
            jobs.prune_finished_jobs.call()
        self.assertEqual([row.status for row in rows()], ["READY"])
