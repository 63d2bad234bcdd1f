"""`innerchild worker` as a real process on the real database backend: killed with SIGKILL before a
job is due or while it runs, started again, every email still goes out exactly once.

The test and the workers share one database: a SQLite file, or a PostgreSQL database of its own
when DATABASE_URL points at PostgreSQL. Emails are files (worker_settings.py). Every wait is
bounded and every process started here is stopped by its pid.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from innerchild.core.jobs import send_mail_later, task

ROOT = Path(__file__).resolve().parents[3]
WAIT_SECONDS = 40
JOB_TABLES = [
    "core_jobkey",
    "django_tasks_database_dbtaskresult",
    "core_oncekey",
    "core_workerbeat",
    "core_periodicjob",
]


@task()
def remind_then_linger(markers: str) -> str:
    """A reminder job that, on its first run, keeps running until the test kills its worker."""
    send_mail_later(
        to=["alice@example.org"],
        subject="Your session starts in an hour",
        body="Fay is expecting you at 10:00.",
        once_key="reminder-1h:43",
    )
    Path(markers, f"reminded-{os.getpid()}").touch()
    deadline = time.monotonic() + WAIT_SECONDS
    while not Path(markers, "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return "reminded"


@task()
def mark(markers: str, number: int) -> None:
    """A short job that leaves a file naming itself and the process that ran it."""
    Path(markers, f"job-{number}-by-{os.getpid()}").touch()
    time.sleep(0.05)


class Workplace:
    """One database, one mail folder and the worker processes that share them."""

    def __init__(self, folder: Path, database_url: str):
        self.folder = folder
        self.database_url = database_url
        self.mail = folder / "mail"
        self.markers = folder / "markers"
        self.logs = folder / "logs"
        for path in (self.mail, self.markers, self.logs):
            path.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}}
        env.update(
            DJANGO_SETTINGS_MODULE="innerchild.core.tests.worker_settings",
            DATABASE_URL=database_url,
            INNERCHILD_DATA_DIR=str(folder / "data"),
            INNERCHILD_TEST_EMAIL_DIR=str(self.mail),
            JOBS_WORKER_LOST_AFTER="15",
            PYTHONUNBUFFERED="1",
            # The workers import the same code as this test, wherever it is checked out.
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        )
        self.env = env
        self.processes: list[subprocess.Popen] = []

    def innerchild(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [*innerchild_command(), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, f"innerchild {' '.join(args)} failed:\n{done.stderr}"
        return done.stdout

    def run_python(self, code: str) -> str:
        return self.innerchild("shell", "--no-imports", "-c", code)

    def start_worker(self, name: str) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [*innerchild_command(), "worker", "--interval", "0.2"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.processes.append(process)
        self.wait_for(lambda: "running jobs" in self.log(name), f"{name} to start")
        return process

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not condition():
            if time.monotonic() > deadline:
                self.fail(f"gave up waiting for {what} after {WAIT_SECONDS}s")
            if any(p.poll() not in (None, -signal.SIGKILL) for p in self.processes):
                self.fail(f"a worker stopped while waiting for {what}")
            time.sleep(0.1)

    def fail(self, message: str) -> None:
        logs = "\n".join(f"--- {p.name}\n{p.read_text()}" for p in self.logs.iterdir())
        pytest.fail(f"{message}\n{logs}")

    def kill(self, process: subprocess.Popen, sig: int = signal.SIGKILL) -> int:
        os.kill(process.pid, sig)
        return process.wait(timeout=WAIT_SECONDS)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=WAIT_SECONDS)
        self.processes.clear()

    def emails(self) -> list[str]:
        return [path.read_text() for path in sorted(self.mail.iterdir())]

    def jobs(self) -> list[tuple[str, str]]:
        """(task, status) of the jobs these tests enqueue (apps' periodic jobs run too)."""
        return self.query(
            "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
            " WHERE task_path IN ('innerchild.core.jobs.send_email',"
            " 'innerchild.core.tests.test_jobs_worker.remind_then_linger') ORDER BY enqueued_at"
        )

    def query(self, sql: str) -> list[tuple]:
        url = urlparse(self.database_url)
        if url.scheme == "sqlite":
            with closing(sqlite3.connect(url.path, timeout=10)) as db, db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as db:
            cursor = db.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def clear(self) -> None:
        for table in JOB_TABLES:
            self.query(f"DELETE FROM {table}")
        for folder in (self.mail, self.markers, self.logs):
            for path in folder.iterdir():
                path.unlink()


def innerchild_command() -> list[str]:
    script = Path(sys.executable).parent / "innerchild"
    return [str(script)] if script.exists() else [sys.executable, "-m", "innerchild.cli"]


def shared_database_url(folder: Path) -> str:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{folder / 'jobs.sqlite3'}"
    import psycopg

    url = urlparse(configured)
    name = f"{url.path.lstrip('/') or 'innerchild'}_jobs_worker_{os.getpid()}"
    with psycopg.connect(urlunparse(url._replace(path="/postgres")), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(url._replace(path=f"/{name}"))


def drop_database(database_url: str) -> None:
    url = urlparse(database_url)
    if url.scheme == "sqlite":
        return
    import psycopg

    with psycopg.connect(urlunparse(url._replace(path="/postgres")), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{url.path.lstrip("/")}" WITH (FORCE)')


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Iterator[Workplace]:
    folder = tmp_path_factory.mktemp("jobs-worker")
    place = Workplace(folder, shared_database_url(folder))
    place.innerchild("migrate", "--noinput")
    yield place
    drop_database(place.database_url)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def place(migrated: Workplace) -> Iterator[Workplace]:
    migrated.clear()
    yield migrated
    migrated.stop_all()


def test_a_reminder_due_soon_goes_out_once_after_its_worker_is_killed_before_it_is_due(place):
    first = place.start_worker("first")
    printed = place.run_python(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from innerchild.core.jobs import send_mail_later\n"
        "due = timezone.now() + timedelta(seconds=5)\n"
        "send_mail_later(to=['alice@example.org'], subject='Your session starts in an hour',\n"
        "    body='Fay is expecting you at 10:00.', once_key='reminder-1h:42',\n"
        "    attachments=[('session.ics', b'BEGIN:VCALENDAR\\r\\nEND:VCALENDAR\\r\\n',\n"
        "                  'text/calendar')],\n"
        "    run_after=due)\n"
        "print(due.timestamp())\n"
    )
    due = float(printed.split()[-1])
    assert place.jobs() == [("innerchild.core.jobs.send_email", "READY")]

    place.kill(first)
    assert time.time() < due, "the first worker should have been killed before the job was due"
    assert place.emails() == []

    place.start_worker("second")
    place.wait_for(lambda: place.emails(), "the reminder email")

    assert time.time() >= due
    # A few more polls of the queue: nothing else goes out.
    time.sleep(1.5)
    emails = place.emails()
    assert len(emails) == 1
    assert "Subject: Your session starts in an hour" in emails[0]
    assert 'filename="session.ics"' in emails[0]
    assert place.jobs() == [("innerchild.core.jobs.send_email", "SUCCESSFUL")]


def test_a_job_killed_while_it_runs_is_run_again_by_the_next_worker_and_emails_once(place):
    markers = str(place.markers)
    place.run_python(
        "from innerchild.core.tests.test_jobs_worker import remind_then_linger\n"
        f"remind_then_linger.enqueue({markers!r})\n"
    )
    first = place.start_worker("first")
    place.wait_for(lambda: any(place.markers.glob("reminded-*")), "the reminder job to run")

    place.kill(first)
    assert place.query(
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%linger'"
    ) == [("RUNNING",)]

    (place.markers / "go").touch()
    place.start_worker("second")
    place.wait_for(
        lambda: {status for _, status in place.jobs()} == {"SUCCESSFUL"} and len(place.jobs()) == 3,
        "the reminder to run again and both email jobs to finish",
    )

    emails = place.emails()
    assert len(emails) == 1
    assert "Subject: Your session starts in an hour" in emails[0]
    assert len(list(place.markers.glob("reminded-*"))) == 2
    assert "queued again" in place.log("second")


def test_two_workers_share_the_queue_and_run_each_job_once(place):
    first = place.start_worker("first")
    second = place.start_worker("second")
    markers = str(place.markers)
    place.run_python(
        "from innerchild.core.tests.test_jobs_worker import mark\n"
        f"for number in range(60): mark.enqueue({markers!r}, number)\n"
    )
    place.wait_for(lambda: len(list(place.markers.iterdir())) >= 60, "60 jobs to run")
    time.sleep(0.5)

    runs = [path.name.split("-") for path in place.markers.iterdir()]
    assert sorted(int(run[1]) for run in runs) == list(range(60))
    assert {int(run[3]) for run in runs} == {first.pid, second.pid}


def test_a_stopped_worker_finishes_its_current_job_first(place):
    markers = str(place.markers)
    place.run_python(
        "from innerchild.core.tests.test_jobs_worker import remind_then_linger\n"
        f"remind_then_linger.enqueue({markers!r})\n"
    )
    worker = place.start_worker("only")
    place.wait_for(lambda: any(place.markers.glob("reminded-*")), "the reminder job to run")
    # Busy in a long job, it still says it is alive, so no other worker takes the job over.
    place.wait_for(
        lambda: place.query("SELECT 1 FROM core_workerbeat WHERE last_seen_at > started_at"),
        "a heartbeat during the job",
    )

    os.kill(worker.pid, signal.SIGTERM)
    time.sleep(0.5)
    assert worker.poll() is None, "the worker should wait for the job it is running"
    (place.markers / "go").touch()

    assert worker.wait(timeout=WAIT_SECONDS) == 0
    assert ("innerchild.core.tests.test_jobs_worker.remind_then_linger", "SUCCESSFUL") in (
        place.jobs()
    )
    # It took no new job after the signal: the email waits for the next worker.
    assert ("innerchild.core.jobs.send_email", "READY") in place.jobs()
    assert place.query("SELECT worker_id FROM core_workerbeat") == []


def test_a_worker_on_a_database_never_migrated_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="innerchild.test_settings",
        INNERCHILD_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [*innerchild_command(), "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS,
        check=False,
    )

    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "CommandError: the database has no job tables yet; run `innerchild migrate` first."
    ]
