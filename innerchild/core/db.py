"""Database helpers shared by apps' actions."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection
from django.utils import timezone

from innerchild.core.jobs import cancel, schedule, task

P = ParamSpec("P")
T = TypeVar("T")

logger = logging.getLogger("innerchild.db")

LOCKED_RETRIES = 40


def retry_when_locked(write: Callable[P, T]) -> Callable[P, T]:
    """Run `write` (a function that is one transaction) again for a while if SQLite answers
    "database is locked" or "table is locked".

    SQLite lets one writer at a time. A file database waits for the lock (busy_timeout), but a
    shared-cache database, as used by the test suite, answers "locked" at once, and a very long
    write can outlast busy_timeout. Two people (or one double click) saving at the same moment
    must both be saved, so the later write waits and tries again. Inside an outer transaction a
    retry is impossible, so the error goes up unchanged. PostgreSQL never answers this.
    """

    @functools.wraps(write)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(LOCKED_RETRIES):
            try:
                return write(*args, **kwargs)
            except OperationalError as exc:
                retry = (
                    connection.vendor == "sqlite"
                    and "locked" in str(exc).lower()
                    and not connection.in_atomic_block
                    and attempt < LOCKED_RETRIES - 1
                )
                if not retry:
                    raise
                time.sleep(min(0.01 * (attempt + 1), 0.2))
        raise AssertionError("unreachable")

    return wrapper


def scrub_deleted_rows() -> None:
    """Push deleted rows out of SQLite's write-ahead log now, instead of at some later
    checkpoint: the WAL still holds the pages as they were before the delete, ciphertext
    included. `secure_delete` (set on every connection) has already zeroed the freed space in the
    main file, so after this neither file holds what was deleted. Nothing to do on PostgreSQL,
    where VACUUM (autovacuum) reclaims dead rows; see docs/privacy.md and docs/security.md.

    The checkpoint cannot empty the log while another connection is inside a read transaction.
    It is tried a few times, briefly; if the log is still in use, a job tries again a minute
    later, and again after that until it succeeds. The deletion itself stands either way."""
    if connection.vendor != "sqlite":
        return
    if not _checkpoint_wal():
        logger.warning(
            "The write-ahead log is in use by another connection: deleted rows stay in it "
            "until a checkpoint succeeds; one is scheduled in %d seconds.",
            CHECKPOINT_AGAIN_AFTER.total_seconds(),
        )
        _checkpoint_later()


CHECKPOINT_ATTEMPTS = 4
# Each attempt waits at most this long for readers (not the connection's 5-second busy_timeout):
# the checkpoint runs at the end of a request, after the deletion has committed.
CHECKPOINT_WAIT_MS = 250
CHECKPOINT_AGAIN_AFTER = timedelta(minutes=1)
CHECKPOINT_JOB_KEY = "checkpoint-wal-after-deletion"


def _checkpoint_wal() -> bool:
    """Copy the whole log into the database file and truncate it; false if readers kept it."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (busy_timeout,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
        try:
            for attempt in range(CHECKPOINT_ATTEMPTS):
                if attempt:
                    time.sleep(0.05 * 2**attempt)
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy, _, _ = cursor.fetchone()
                if not busy:
                    return True
            return False
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout)}")


def _checkpoint_later() -> None:
    # One pending retry is enough: each checkpoint covers the whole log.
    cancel(CHECKPOINT_JOB_KEY)
    schedule(
        checkpoint_after_deletion,
        run_after=timezone.now() + CHECKPOINT_AGAIN_AFTER,
        key=CHECKPOINT_JOB_KEY,
    )


@task()
def checkpoint_after_deletion() -> bool:
    """The retry of a busy checkpoint; schedules itself again while the log is still in use."""
    if connection.vendor != "sqlite" or _checkpoint_wal():
        return True
    logger.warning("The write-ahead log is still in use; the checkpoint is scheduled again.")
    _checkpoint_later()
    return False
