"""The facilitator's home with 100 clients, each with a year of data: server time against a bare
Django view in the same run, and the number of queries.

    python bench/facilitator_home.py [--clients 100] [--rounds 200]

Builds a throwaway SQLite database (WAL, as in production; or the database in DATABASE_URL if
`--use-database-url` is given) and a facilitator with `--clients` linked clients. Each client has
a year of data: 52 journal entries, 12 PHQ-9 results, 24 guided sessions, a few safety signals,
every kind shared with the facilitator, one shared entry; a third have an unseen crisis alert, a
fifth an upcoming session and an assignment due. Then it requests the home page `--rounds` times
through the whole Django stack in-process (django.test.Client: routing, session, access checks,
queries, templates) and the bare view as many times, interleaved. Every timed home response must
be a 200 that names every client with an unseen alert and counts all clients; any other answer
counts as an error and is reported.
Target: p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 50.0


def setup_django(folder: Path, use_database_url: bool) -> None:
    from cryptography.fernet import Fernet

    if not use_database_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    os.environ["INNERCHILD_DATA_DIR"] = str(folder)
    os.environ["STATIC_ROOT"] = str(folder / "static")
    os.environ["ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    os.environ["INNERCHILD_BENCH_ENDPOINTS"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "innerchild.settings"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


def person(email, name, **extra):
    from django.utils import timezone

    from innerchild.accounts.models import User

    now = timezone.now()
    return User.objects.create_user(
        email=email,
        password="bench-password-123",
        display_name=name,
        birth_year=now.year - 35,
        country="US",
        timezone="America/New_York",
        onboarded_at=now,
        terms_accepted_at=now,
        path="facilitated",
        **extra,
    )


def build(clients: int) -> tuple[object, list[str]]:
    from django.utils import timezone

    from innerchild.assessments.actions import do_submit_answers
    from innerchild.assessments.instruments import get_instrument
    from innerchild.care import api as care_api
    from innerchild.care.models import Assignment, CareLink, CrisisAlert, Share, ShareKind
    from innerchild.care.models.sharing import KIND_WIDE
    from innerchild.guide.models import RunStatus, SessionRun
    from innerchild.journal import api as journal
    from innerchild.safety.models import RiskEvent

    now = timezone.now()
    facilitator = person(
        "bench-facilitator@bench.local",
        "Facilitator",
        role="facilitator",
        facilitator_verified=True,
    )
    phq9 = get_instrument("phq9")
    names = []
    for number in range(clients):
        name = f"Client {number:03d}"
        names.append(name)
        member = person(f"client{number}@bench.local", name)
        link = CareLink.objects.create(
            facilitator=facilitator,
            member=member,
            started_at=now - timedelta(days=365),
            crisis_alerts=True,
        )
        entry_ids = [
            journal.create_entry_from(
                member,
                kind="entry",
                title=f"Week {week}",
                body="Today I noticed the old feeling again, and I stayed with it for a while.",
            )
            for week in range(52)
        ]
        for month in range(12):
            do_submit_answers(
                member,
                phq9,
                [(month + i) % 4 for i in range(8)] + [0],
                completed_at=now - timedelta(days=30 * month),
            )
        SessionRun.objects.bulk_create(
            SessionRun(
                owner=member,
                script_id="safe-place",
                script_title="Your safe place",
                language="en",
                intensity="gentle",
                step_count=10,
                current_step=9,
                reached_step=9,
                status=RunStatus.COMPLETED,
                started_at=now - timedelta(days=15 * i),
                ended_at=now - timedelta(days=15 * i) + timedelta(minutes=20),
                distress_before=5,
                distress_after=3,
            )
            for i in range(24)
        )
        RiskEvent.objects.bulk_create(
            RiskEvent(user=member, level="watch", categories=["hopelessness"], source="bench")
            for _ in range(3)
        )
        for kind in KIND_WIDE:
            Share.objects.create(link=link, kind=kind, granted_at=now)
        Share.objects.create(link=link, kind=ShareKind.ENTRY, item_id=entry_ids[0], granted_at=now)
        if number % 3 == 0:
            CrisisAlert.objects.create(
                link=link, risk_event_id=number, level="urgent", occurred_at=now, created_at=now
            )
        if number % 5 == 0:
            start = (now + timedelta(days=1 + number)).replace(minute=0, second=0, microsecond=0)
            care_api.create_booking(
                facilitator=facilitator,
                members=[member],
                starts_at=start,
                ends_at=start + timedelta(minutes=50),
            )
            Assignment.objects.create(
                link=link,
                kind="practice",
                title="Write to your younger self",
                instructions="Ten minutes, no editing.",
                due_at=now - timedelta(days=1),
                created_at=now - timedelta(days=8),
            )
    return facilitator, names


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--use-database-url", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="innerchild-bench-") as folder:
        setup_django(Path(folder), options.use_database_url)
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        started = time.perf_counter()
        facilitator, names = build(options.clients)
        print(f"built {options.clients} clients in {time.perf_counter() - started:.0f} s")
        # Every third client has an unseen alert: the home must name each of them.
        alerted = names[::3]
        client = Client()
        client.force_login(facilitator)
        with CaptureQueriesContext(connection) as queries:
            first = client.get("/care/practice/")
        assert first.status_code == 200, first.status_code
        query_count = len(queries)
        home_ms, bare_ms, errors = [], [], []
        for round_number in range(options.rounds + 10):
            began = time.perf_counter()
            response = client.get("/care/practice/")
            elapsed = (time.perf_counter() - began) * 1000
            text = response.content.decode() if response.status_code == 200 else ""
            if (
                response.status_code != 200
                or not all(name in text for name in alerted)
                or (f"All clients ({len(names)})" not in text)
            ):
                errors.append(response.status_code)
            began = time.perf_counter()
            bare = client.get("/_bench/bare/")
            bare_elapsed = (time.perf_counter() - began) * 1000
            if bare.status_code != 200:
                errors.append(f"bare {bare.status_code}")
            if round_number >= 10:  # the first rounds warm caches and templates
                home_ms.append(elapsed)
                bare_ms.append(bare_elapsed)
        p95 = percentile(home_ms, 95)
        print(f"database: {connection.vendor}; queries per home page: {query_count}")
        print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for label, values in (("bare view", bare_ms), ("facilitator home", home_ms)):
            print(
                f"{label:<22}{statistics.median(values):>9.1f}{percentile(values, 95):>9.1f}"
                f"{max(values):>9.1f}"
            )
        ratio = statistics.median(bare_ms) / statistics.median(home_ms)
        print(f"home speed vs bare view (median): {ratio:.0%}; errors: {len(errors)}")
        verdict = "met" if p95 <= TARGET_P95_MS and not errors else "NOT met"
        print(f"target p95 <= {TARGET_P95_MS:.0f} ms: {verdict}")
        if errors:
            raise SystemExit(f"{len(errors)} bad answers: {errors[:5]}")


if __name__ == "__main__":
    main()
