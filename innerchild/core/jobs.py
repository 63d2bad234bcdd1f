"""Durable background jobs: emails, work at a later time, periodic work.

A job is a row in the database (django-tasks' `DatabaseBackend`, from django-tasks-db) that
`innerchild worker` claims and runs, so a job survives a restart of the web server or of the
worker. Apps use only this module (docs/jobs.md):

    send_mail_later(to=[...], subject=..., body=..., once_key="reminder-24h:<booking id>")
    schedule(remind_before_session, booking.id, run_after=starts_at - 24h, key="...")
    cancel("...")                      # withdraw a job that has not started
    register_periodic("send-questionnaires", send_due_questionnaires, every=timedelta(hours=1))

Tests run due jobs synchronously with `run_due_jobs()`.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import random
import smtplib
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskContext, TaskResultStatus, task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from innerchild.core import crypto
from innerchild.core.models import JobKey, OnceKey, PeriodicJob, WorkerBeat

__all__ = [
    "EMAIL_MAX_ATTEMPTS",
    "EmailNotSent",
    "Task",
    "cancel",
    "once",
    "register_periodic",
    "retry",
    "run_due_jobs",
    "schedule",
    "send_mail_later",
    "task",
]

logger = logging.getLogger("innerchild.jobs")

EMAIL_MAX_ATTEMPTS = 5
# Waits between attempts grow fourfold: about 1, 4, 16 and 64 minutes, so an SMTP outage of an
# hour or so costs a delay, not the message.
EMAIL_FIRST_RETRY = timedelta(minutes=1)
EMAIL_TIMEOUT_SECONDS = 30
# A job whose worker died this many times is not run again: it may be what kills the worker.
MAX_LOST_RUNS = 3


class EmailNotSent(Exception):
    """An attempt to send an email failed; the message says whether another attempt is queued."""


class WorkerLost(Exception):
    """Recorded on a job whose worker stopped in the middle of it too many times."""


def schedule(
    job: Task,
    *args: Any,
    run_after: datetime | None = None,
    key: str | None = None,
    **kwargs: Any,
) -> None:
    """Run `job(*args, **kwargs)` in a worker once the current transaction commits, not before
    `run_after` if given. `key` names the job so that `cancel(key)` can withdraw it.

    Arguments must be JSON values (ids, not model instances): the job re-reads what it needs, and
    should re-check that it still applies (a booking may have been cancelled meanwhile).
    """
    if run_after is not None and timezone.is_naive(run_after):
        raise ValueError("run_after must be an aware datetime (timezone.now() + ...).")
    _check_key(key)
    # Fail here, in the caller, rather than after its transaction has committed.
    json.dumps([args, kwargs])

    def enqueue() -> None:
        with transaction.atomic():
            result = (job.using(run_after=run_after) if run_after else job).enqueue(*args, **kwargs)
            if key:
                JobKey.objects.create(key=key, result_id=result.id)

    transaction.on_commit(enqueue)


def _check_key(key: str | None) -> None:
    if key is not None and not 0 < len(key) <= 200:
        raise ValueError("A job key or once key is 1 to 200 characters long.")


def cancel(key: str) -> int:
    """Withdraw every job scheduled under `key` that has not started; returns how many.

    A job that already started is not stopped: that is why jobs re-check their subject first.
    Runs in the caller's transaction, so it is undone if that transaction is.
    """
    with transaction.atomic():
        # Locking the rows keeps a worker from claiming one between this read and the delete.
        ids = list(
            DBTaskResult.objects.select_for_update()
            .filter(
                status=TaskResultStatus.READY,
                id__in=JobKey.objects.filter(key=key).values("result_id"),
            )
            .values_list("id", flat=True)
        )
        DBTaskResult.objects.filter(id__in=ids).delete()
        JobKey.objects.filter(key=key).delete()
    if ids:
        logger.info("cancelled %d job(s) under key %s", len(ids), key)
    return len(ids)


def retry(result_id: str) -> str:
    """Queue a failed job again with the same arguments; returns the new job's id."""
    row = DBTaskResult.objects.get(id=result_id, status=TaskResultStatus.FAILED)
    arguments = row.args_kwargs
    new = row.task.using(run_after=timezone.now()).enqueue(
        *arguments["args"], **arguments["kwargs"]
    )
    logger.info("job %s (%s) queued again as job %s", row.id, row.task_name, new.id)
    return str(new.id)


@contextmanager
def once(key: str | None) -> Iterator[bool]:
    """`with once("reminder-24h:42") as first:` is true for the first caller only, ever.

    The key is claimed before the body runs and marked done after it. If the body raises, the
    claim is released so a later attempt may try again. If the process dies inside the body, the
    key stays claimed and nobody repeats it: at most once, never twice. `None` always runs.
    """
    if key is None:
        yield True
        return
    if not _claim_once(key):
        yield False
        return
    try:
        yield True
    except Exception:
        OnceKey.objects.filter(key=key).update(
            state=OnceKey.State.RELEASED, updated_at=timezone.now()
        )
        raise
    OnceKey.objects.filter(key=key).update(state=OnceKey.State.DONE, updated_at=timezone.now())


def _claim_once(key: str) -> bool:
    now = timezone.now()
    try:
        with transaction.atomic():
            OnceKey.objects.create(key=key, state=OnceKey.State.STARTED, updated_at=now)
        return True
    except IntegrityError:
        # Only a released (failed) claim may be taken again, and only by one caller.
        return bool(
            OnceKey.objects.filter(key=key, state=OnceKey.State.RELEASED).update(
                state=OnceKey.State.STARTED, updated_at=now
            )
        )


def send_mail_later(
    *,
    to: list[str],
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, bytes | str, str]] = (),
    run_after: datetime | None = None,
    once_key: str | None = None,
) -> None:
    """Send an email from a worker after the current transaction commits (at `run_after` if given).

    `attachments` are (filename, content, mimetype). With `once_key` the message goes out at most
    once, however often it is enqueued or re-run; `cancel(once_key)` withdraws it while it waits.
    SMTP failures are retried EMAIL_MAX_ATTEMPTS times with growing waits. Subject and body are
    rendered now (in the active language) and stored encrypted until sent.
    """
    if not to:
        raise ValueError("An email needs at least one recipient.")
    _check_key(once_key)
    payload = {
        "to": list(to),
        "subject": str(subject),
        "body": str(body),
        "attachments": [_attachment_to_json(*attachment) for attachment in attachments],
        "once_key": once_key,
    }
    message = crypto.encrypt_text(json.dumps(payload))
    schedule(send_email, message, run_after=run_after, key=once_key)


def _attachment_to_json(filename: str, content: bytes | str, mimetype: str) -> dict:
    if isinstance(content, bytes):
        return {
            "filename": filename,
            "mimetype": mimetype,
            "base64": base64.b64encode(content).decode("ascii"),
        }
    return {"filename": filename, "mimetype": mimetype, "text": content}


@task(takes_context=True)
def send_email(context: TaskContext, message: str, attempt: int = 1) -> str:
    """The job behind send_mail_later: `message` is the encrypted payload."""
    job_id = context.task_result.id
    payload = json.loads(crypto.decrypt_text(message))
    key = payload.get("once_key")
    try:
        with once(key) as first:
            if not first:
                state = OnceKey.objects.filter(key=key).values_list("state", flat=True).first()
                why = (
                    "was already sent"
                    if state == OnceKey.State.DONE
                    else "is being sent by another job, or its worker died while sending it"
                )
                logger.info("email job %s: %s %s; not sent again", job_id, key, why)
                return f"not sent again: {key} {why}"
            _deliver(payload)
    except (smtplib.SMTPException, OSError) as exc:
        _retry_or_give_up(job_id, message, payload, attempt, exc)
    logger.info(
        "email job %s: sent to %d recipient(s), attempt %d", job_id, len(payload["to"]), attempt
    )
    return "sent"


def _deliver(payload: dict) -> None:
    email = EmailMessage(
        subject=payload["subject"],
        body=payload["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=payload["to"],
        connection=get_connection(timeout=EMAIL_TIMEOUT_SECONDS),
    )
    for attachment in payload["attachments"]:
        if "base64" in attachment:
            content: bytes | str = base64.b64decode(attachment["base64"])
        else:
            content = attachment["text"]
        email.attach(attachment["filename"], content, attachment["mimetype"])
    email.send()


def _retry_or_give_up(
    job_id: str, message: str, payload: dict, attempt: int, exc: Exception
) -> None:
    # The class and SMTP code only, here and (`from None`) in the traceback that the job's row and
    # the log keep: SMTP error texts can quote addresses.
    reason = type(exc).__name__
    if code := getattr(exc, "smtp_code", None):
        reason += f" {code}"
    if attempt >= EMAIL_MAX_ATTEMPTS or _is_permanent(exc):
        logger.error(
            "email job %s: attempt %d of %d failed (%s); giving up. The message is kept in the "
            "job: `innerchild worker --retry %s` sends it again",
            job_id,
            attempt,
            EMAIL_MAX_ATTEMPTS,
            reason,
            job_id,
        )
        raise EmailNotSent(
            f"Attempt {attempt} of {EMAIL_MAX_ATTEMPTS} failed ({reason}); gave up. The message "
            f"is kept in this job: `innerchild worker --retry {job_id}` sends it again."
        ) from None
    wait = EMAIL_FIRST_RETRY * 4 ** (attempt - 1) * random.uniform(0.9, 1.1)
    run_after = timezone.now() + wait
    with transaction.atomic():
        next_job = send_email.using(run_after=run_after).enqueue(message, attempt + 1)
        if payload.get("once_key"):
            JobKey.objects.create(key=payload["once_key"], result_id=next_job.id)
    logger.warning(
        "email job %s: attempt %d of %d failed (%s); attempt %d is job %s at %s",
        job_id,
        attempt,
        EMAIL_MAX_ATTEMPTS,
        reason,
        attempt + 1,
        next_job.id,
        run_after.isoformat(timespec="seconds"),
    )
    raise EmailNotSent(
        f"Attempt {attempt} of {EMAIL_MAX_ATTEMPTS} failed ({reason}); attempt {attempt + 1} is "
        f"job {next_job.id}, not before {run_after.isoformat(timespec='seconds')}."
    ) from None


def _is_permanent(exc: Exception) -> bool:
    """5xx answers (and every recipient refused) will not get better by waiting."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


@dataclass(frozen=True)
class Periodic:
    name: str
    job: Task
    every: timedelta


_periodic: dict[str, Periodic] = {}


def register_periodic(name: str, job: Task, every: timedelta) -> None:
    """Have the workers enqueue `job()` every `every` (call from an AppConfig.ready()).

    Each run is enqueued exactly once however many workers run; runs missed while no worker ran
    are not caught up (one run follows as soon as a worker starts).
    """
    if not isinstance(job, Task):
        raise TypeError(f"{name}: register a task (decorated with @task), not {job!r}.")
    if every < timedelta(seconds=1):
        raise ValueError(f"{name}: every must be at least one second.")
    _periodic[name] = Periodic(name, job, every)


def periodic_jobs() -> list[Periodic]:
    return list(_periodic.values())


def enqueue_due_periodic_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every registered periodic job that is due; returns the names this caller enqueued."""
    if not _periodic:
        return []
    now = now or timezone.now()
    rows = {row.name: row for row in PeriodicJob.objects.filter(name__in=_periodic)}
    if missing := _periodic.keys() - rows.keys():
        PeriodicJob.objects.bulk_create(
            [PeriodicJob(name=name, next_run_at=now) for name in missing], ignore_conflicts=True
        )
        rows = {row.name: row for row in PeriodicJob.objects.filter(name__in=_periodic)}
    return [
        name
        for name, row in rows.items()
        if row.next_run_at <= now and claim_periodic_run(row, now)
    ]


def claim_periodic_run(row: PeriodicJob, now: datetime) -> bool:
    """Enqueue the run `row` describes, unless another worker claimed it since `row` was read."""
    spec = _periodic[row.name]
    next_run_at = row.next_run_at + spec.every
    if next_run_at <= now:
        next_run_at = now + spec.every
    try:
        with transaction.atomic():
            claimed = PeriodicJob.objects.filter(name=row.name, run_count=row.run_count).update(
                run_count=F("run_count") + 1, next_run_at=next_run_at, last_enqueued_at=now
            )
            if claimed:
                spec.job.enqueue()
    except OperationalError as exc:
        # SQLite: another worker is writing. The next look (a second later) sees who won.
        if is_locked_database_exception(exc):
            return False
        raise
    return bool(claimed)


def claim_next_job(worker_id: str, queue_names: Sequence[str] = ("*",)) -> DBTaskResult | None:
    """Mark the next due job as running on `worker_id` and return it (None if none is due)."""
    jobs = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
    if "*" not in queue_names:
        jobs = jobs.filter(queue_name__in=queue_names)
    try:
        with exclusive_transaction(jobs.db):
            row = jobs.get_locked()
            if row is not None:
                row.claim(worker_id)
    except OperationalError as exc:
        if is_locked_database_exception(exc):
            return None
        raise
    return row


def run_due_jobs(*, limit: int = 100) -> int:
    """Run every job that is due, here and now; returns how many ran.

    How tests run jobs synchronously (freeze time, call this, look at mail.outbox), and what
    `innerchild worker --once` does. Jobs enqueued by jobs run too when due.
    """
    from django_tasks_db.management.commands.db_worker import Worker

    runner = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id="inline",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit and (row := claim_next_job(runner.worker_id)) is not None:
        runner.run_task(row)
        ran += 1
    return ran


def host_identity() -> str:
    """This machine, and this PID namespace: process ids mean something only within both."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()} {namespace}".strip()[:255]


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_lost_jobs(now: datetime | None = None, *, restarted: str | None = None) -> int:
    """Queue again the jobs whose worker died while running them; returns how many.

    A worker is dead when its process is gone (same machine) or when it has not been seen for
    JOBS_WORKER_LOST_AFTER seconds. `restarted` is the id of a worker starting again under the
    same name (`--worker-id`): whatever that name was running died with its previous process.
    A job lost MAX_LOST_RUNS times is marked failed instead.
    """
    now = now or timezone.now()
    lost_after = timedelta(seconds=settings.JOBS_WORKER_LOST_AFTER)
    here = host_identity()
    beats = {beat.worker_id: beat for beat in WorkerBeat.objects.all()}
    dead = {
        worker_id
        for worker_id, beat in beats.items()
        if beat.last_seen_at < now - lost_after
        or (beat.host == here and not _process_alive(beat.pid))
    }
    if restarted:
        dead.add(restarted)
    recovered = 0
    for row in DBTaskResult.objects.running().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS):
        worker_id = row.worker_ids[-1] if row.worker_ids else None
        unknown_and_old = worker_id not in beats and row.started_at < now - lost_after
        if worker_id not in dead and not unknown_and_old:
            continue
        # Compare and swap on started_at: another worker may have recovered and re-run it.
        still_lost = DBTaskResult.objects.filter(
            id=row.id, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids) >= MAX_LOST_RUNS:
            still_lost.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=(
                    f"WorkerLost: the worker running this job stopped {len(row.worker_ids)} "
                    f"times (last {worker_id}); it is not run again. `innerchild worker --retry "
                    f"{row.id}` queues it once more."
                ),
            )
            logger.error("job %s (%s) lost its worker too often; failed", row.id, row.task_path)
        elif still_lost.update(status=TaskResultStatus.READY, started_at=None):
            recovered += 1
            logger.warning(
                "job %s (%s) was running on worker %s, which stopped; queued again",
                row.id,
                row.task_path,
                worker_id,
            )
    WorkerBeat.objects.filter(worker_id__in=dead).delete()
    return recovered


KEEP_SUCCESSFUL_JOBS = timedelta(days=7)
KEEP_FAILED_JOBS = timedelta(days=30)
# Once keys outlive any reminder they guard (bookings are at most months ahead).
KEEP_ONCE_KEYS = timedelta(days=365)


@task()
def prune_finished_jobs() -> dict[str, int]:
    """Forget finished jobs after a while: a week for successes, a month for failures."""
    now = timezone.now()
    finished = DBTaskResult.objects.filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
    successful, _ = (
        finished.successful().filter(finished_at__lt=now - KEEP_SUCCESSFUL_JOBS).delete()
    )
    failed, _ = finished.failed().filter(finished_at__lt=now - KEEP_FAILED_JOBS).delete()
    once_keys, _ = OnceKey.objects.filter(updated_at__lt=now - KEEP_ONCE_KEYS).delete()
    return {"successful": successful, "failed": failed, "once_keys": once_keys}


register_periodic("prune-finished-jobs", prune_finished_jobs, every=timedelta(days=1))
