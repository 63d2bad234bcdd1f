"""`innerchild worker`: runs background jobs (emails, reminders, periodic jobs); docs/jobs.md."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from innerchild.core import jobs
from innerchild.core.models import WorkerBeat

logger = logging.getLogger("innerchild.jobs")

RECOVER_EVERY_SECONDS = 15
# Waits after a database error grow up to this, so an outage is not a busy loop.
MAX_ERROR_WAIT_SECONDS = 30


class JobWorker(Worker):
    """django-tasks-db's worker, plus what a restart needs: a heartbeat, recovery of jobs whose
    worker died, and periodic jobs. One signal stops it after the current job; a second, at once
    (the job is then run again by the next worker)."""

    def __init__(self, *, worker_id: str, queue_names: list[str], interval: float, once: bool):
        super().__init__(
            queue_names=queue_names,
            interval=interval,
            batch=once,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if not self.running:
            logger.warning("%s again: stopping now", signal.strsignal(signum))
            os._exit(1)
        self.running = False
        if self.running_task:
            logger.warning(
                "%s: stopping after the current job (again to stop now)", signal.strsignal(signum)
            )

    def run(self) -> None:
        jobs.recover_lost_jobs(restarted=self.worker_id)
        register_beat(self.worker_id)
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            self.loop()
        finally:
            heartbeat.stop()
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()

    def loop(self) -> None:
        next_recovery = time.monotonic() + RECOVER_EVERY_SECONDS  # run() just recovered
        errors = 0
        while self.running:
            close_old_connections()
            try:
                if time.monotonic() >= next_recovery:
                    jobs.recover_lost_jobs()
                    next_recovery = time.monotonic() + RECOVER_EVERY_SECONDS
                jobs.enqueue_due_periodic_jobs()
                row = jobs.claim_next_job(self.worker_id, self.queue_names)
            except DatabaseError as exc:
                errors += 1
                wait = min(MAX_ERROR_WAIT_SECONDS, 2**errors)
                logger.warning("database error (%s); trying again in %ds", exc, wait)
                close_old_connections()
                self.sleep(wait)
                continue
            errors = 0
            if row is not None:
                self.run_task(row)
                continue
            if self.batch:
                return
            self.sleep(self.interval)

    def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.1, seconds))


def register_beat(worker_id: str) -> None:
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": jobs.host_identity(),
            "pid": os.getpid(),
            "started_at": now,
            "last_seen_at": now,
        },
    )


class Heartbeat(threading.Thread):
    """Says "alive" while a long job keeps the main loop busy, so no other worker re-runs it."""

    def __init__(self, worker_id: str):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.every = max(1.0, settings.JOBS_WORKER_LOST_AFTER / 6)
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                try:
                    seen = WorkerBeat.objects.filter(worker_id=self.worker_id).update(
                        last_seen_at=timezone.now()
                    )
                    if not seen:
                        # Another worker took this one for dead after a long pause: say so again.
                        register_beat(self.worker_id)
                except DatabaseError as exc:
                    logger.warning("worker heartbeat failed (%s)", type(exc).__name__)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)


class Command(BaseCommand):
    help = "Run background jobs (emails, reminders, periodic jobs) until stopped."
    # A worker serves no pages: a broken URL or template must not stop reminders going out.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue",
            default="*",
            help="comma-separated queues to take jobs from (default: all)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between looks at the queue when it is empty (default: 1)",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="run the jobs that are due, then exit (for cron, or to drain a queue)",
        )
        parser.add_argument(
            "--retry",
            metavar="JOB_ID",
            help="queue a failed job again with the same arguments, then exit",
        )
        parser.add_argument(
            "--worker-id",
            default=None,
            help="a name unique among running workers (default: host, process id, random)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_database()
        if options["retry"]:
            try:
                new_id = jobs.retry(options["retry"])
            except (DBTaskResult.DoesNotExist, ValidationError, ValueError) as exc:
                raise CommandError(
                    f"no failed job {options['retry']} ({type(exc).__name__})"
                ) from None
            self.stdout.write(f"innerchild: job {options['retry']} queued again as {new_id}")
            return
        if options["interval"] <= 0:
            raise CommandError("--interval must be more than 0 seconds.")
        if options["verbosity"] == 0:
            for name in ("innerchild.jobs", "django_tasks", "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)
        if options["worker_id"] is not None and not 0 < len(options["worker_id"]) <= 64:
            raise CommandError("--worker-id must be 1 to 64 characters long.")
        worker_id = options["worker_id"] or (
            f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"
        )
        queues = [name.strip() for name in options["queue"].split(",") if name.strip()] or ["*"]
        worker = JobWorker(
            worker_id=worker_id,
            queue_names=queues,
            interval=options["interval"],
            once=options["once"],
        )
        periodic = ", ".join(spec.name for spec in jobs.periodic_jobs()) or "none"
        self.stdout.write(
            f"innerchild: worker {worker_id} running jobs from the database "
            f"(queues: {','.join(queues)}; every {options['interval']:g}s when idle; "
            f"periodic jobs: {periodic}). "
            + ("Exits when no job is due." if options["once"] else "Ctrl-C stops it.")
        )
        self.stdout.flush()
        worker.configure_signals()
        worker.run()


def check_database() -> None:
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise CommandError(
            f"cannot reach the database ({first_line}); check DATABASE_URL."
        ) from None
    needed = {DBTaskResult._meta.db_table, WorkerBeat._meta.db_table}
    if not needed <= set(tables):
        raise CommandError("the database has no job tables yet; run `innerchild migrate` first.")
