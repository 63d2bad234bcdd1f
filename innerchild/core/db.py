"""Database helpers shared by apps' actions."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection

P = ParamSpec("P")
T = TypeVar("T")

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
    where VACUUM (autovacuum) reclaims dead rows; see docs/privacy.md."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
