"""Guided-session player latency: server time per step for a person with 1,000 past sessions.

    python bench/guide_player.py [--past 1000] [--rounds 10] [--keep]

Builds a throwaway SQLite database (WAL, as in production) in a temporary folder, gives one
person `--past` finished sessions (each with encrypted answers and its journal entry), then plays
"Meeting your younger self" from start to finish `--rounds` times through the whole Django stack
in-process with django.test.Client: URL routing, session, permission lookup, form, the safety
layer (distress record, text screening), the journal entry update, template rendering. Figures
are server time without the network. Target: p95 <= 30 ms per player step.
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
TARGET_P95_MS = 30.0
SCRIPT = "meeting-your-younger-self"


def setup_django(folder: Path) -> None:
    from cryptography.fernet import Fernet

    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    os.environ["INNERCHILD_DATA_DIR"] = str(folder)
    os.environ["STATIC_ROOT"] = str(folder / "static")
    os.environ["ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "innerchild.settings"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    # Production static storage (hashed names, manifest), as `innerchild serve` runs it.
    call_command("collectstatic", verbosity=0, interactive=False)


def make_person():
    from django.utils import timezone

    from innerchild.accounts.models import User

    now = timezone.now()
    return User.objects.create_user(
        email="bench-guide@bench.local",
        password="bench-guide-password",
        display_name="Bench",
        birth_year=now.year - 35,
        country="US",
        timezone="Europe/Madrid",
        onboarded_at=now,
        terms_accepted_at=now,
        path="self_guided",
    )


def make_history(user, count: int) -> float:
    """`count` finished sessions over the past years, with answers and journal entries."""
    from django.utils import timezone

    from innerchild.guide.models import RunStatus, SessionRun, StepAnswer
    from innerchild.guide.scripts import scripts_for
    from innerchild.journal import api as journal_api

    started = time.perf_counter()
    scripts = [s for s in scripts_for("en") if s.intensity != "deep"]
    now = timezone.now()
    runs = []
    for i in range(count):
        script = scripts[i % len(scripts)]
        began = now - timedelta(days=count - i, hours=i % 7)
        runs.append(
            SessionRun(
                owner=user,
                script_id=script.id,
                script_title=script.title,
                language="en",
                intensity=script.intensity,
                step_count=len(script.steps),
                current_step=len(script.steps) - 1,
                reached_step=len(script.steps) - 1,
                status=RunStatus.COMPLETED if i % 9 else RunStatus.STOPPED,
                started_at=began,
                ended_at=began + timedelta(minutes=script.duration),
                distress_before=4 + i % 5,
                distress_after=2 + i % 4,
                feelings_before=["anxious", "lonely"],
            )
        )
    SessionRun.objects.bulk_create(runs, batch_size=500)
    answers = [
        StepAnswer(
            run=run,
            step_index=index,
            step_type=kind,
            text=f"Past answer {n} for session {i}: she was waiting on the stairs.",
            text_2="I wanted someone to stay." if kind == "intention" else "",
        )
        for i, run in enumerate(runs)
        for n, (index, kind) in enumerate(((1, "intention"), (6, "prompt"), (8, "reflection")))
    ]
    StepAnswer.objects.bulk_create(answers, batch_size=1000)
    for run in runs:
        journal_api.create_entry_from(
            user,
            kind="session",
            title=run.script_title,
            body="Distress before: 5/10\n\nShe was waiting on the stairs.",
            source=run.source,
        )
    return time.perf_counter() - started


def answer_for(step) -> dict:
    from innerchild.guide.tests.helpers import answer_for as helper

    return helper(step, distress=3)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    response = call()
    return (time.perf_counter() - started) * 1000, response


def play(client, rounds: int) -> dict[str, list[float]]:
    from innerchild.guide.models import SessionRun
    from innerchild.guide.scripts import get_script

    script = get_script(SCRIPT)
    figures: dict[str, list[float]] = {"GET step": [], "POST step": []}
    for _ in range(rounds):
        response = client.post(f"/guide/scripts/{SCRIPT}/start/")
        assert response.status_code == 302, response.status_code
        run = SessionRun.objects.filter(status="in_progress").latest("started_at")
        for step in script.steps:
            url = run.step_url(step.index)
            ms, response = timed(lambda url=url: client.get(url))
            assert response.status_code == 200, (url, response.status_code)
            figures["GET step"].append(ms)
            data = answer_for(step)
            ms, response = timed(lambda url=url, data=data: client.post(url, data))
            assert response.status_code == 302, (url, response.status_code)
            figures["POST step"].append(ms)
        run.refresh_from_db()
        assert run.status == "completed", run.status
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--past", type=int, default=1000, help="finished sessions beforehand")
    parser.add_argument("--rounds", type=int, default=10, help="whole sessions to play")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="innerchild-bench-guide-"))
    setup_django(folder)
    from django.test import Client

    user = make_person()
    seconds = make_history(user, options.past)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    play(client, 1)  # warm up: templates, content, connections, as a running server would be
    figures = play(client, options.rounds)
    figures["all player steps"] = figures["GET step"] + figures["POST step"]
    history_ms = [timed(lambda: client.get("/guide/history/"))[0] for _ in range(5)]
    index_ms = [timed(lambda: client.get("/guide/"))[0] for _ in range(5)]

    print(f"guide player on SQLite, {options.past} past sessions ({seconds:.1f} s to build), ")
    print(f"{options.rounds} x '{SCRIPT}' ({len(figures['GET step']) // options.rounds} steps)")
    print(f"{'':22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, values in figures.items():
        print(
            f"{label:22} {len(values):5d} {statistics.median(values):8.1f} "
            f"{percentile(values, 95):8.1f} {max(values):8.1f}"
        )
    for label, values in (("history page", history_ms), ("sessions page", index_ms)):
        print(
            f"{label:22} {len(values):5d} {statistics.median(values):8.1f} {'':>8} {max(values):8.1f}"
        )
    p95 = percentile(figures["all player steps"], 95)
    verdict = "meets" if p95 <= TARGET_P95_MS else "misses"
    print(
        f"p95 per player step {p95:.1f} ms {verdict} the target of {TARGET_P95_MS:.0f} ms "
        f"(ratio {p95 / TARGET_P95_MS:.2f})"
    )
    if not options.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"database kept in {folder}")


if __name__ == "__main__":
    main()
