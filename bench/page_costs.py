"""Server time, queries and size of each logged-in page, for a member with 10 and with 1,000
items of history, in-process, against the bare Django view in the same run.

    python bench/page_costs.py [--items 10 --items 1000] [--rounds 30] [--profile PATH]

A throwaway SQLite database (WAL) and the default file cache in a temporary data directory, the
demo data, then one member per size with that many journal entries and guided sessions (and a
tenth as many questionnaires). Each page goes through the whole Django stack with
django.test.Client (middleware, session, view, templates), without the network or a server, so
the figures show where server time goes and whether it grows with a person's history. Before
timing, each page is checked once: status 200, no redirect, and a piece of text only that page
has. `--profile PATH` prints the functions that take the time on that page (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


def setup_django(folder: Path) -> None:
    from cryptography.fernet import Fernet

    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    os.environ["INNERCHILD_DATA_DIR"] = str(folder)
    os.environ["STATIC_ROOT"] = str(folder / "static")
    os.environ["ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    os.environ["INNERCHILD_BENCH_ENDPOINTS"] = "1"
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "innerchild.settings"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


def member(items: int):
    from django.utils import timezone
    from member_history import give_history

    from innerchild.accounts.models import User

    now = timezone.now()
    user = User.objects.create_user(
        email=f"bench-{items}@bench.local",
        password="bench-password-not-secret",
        display_name=f"Bench {items}",
        birth_year=now.year - 35,
        country="US",
        timezone="Europe/Madrid",
        onboarded_at=now,
        terms_accepted_at=now,
        path="self_guided",
    )
    give_history(user, items)
    return user


def pages(client, user) -> list[tuple[str, str, str]]:
    """(name, path, text only that page has) for each page measured."""
    from django.urls import reverse

    from innerchild.journal.models import Entry

    entry = Entry.objects.filter(owner=user).order_by("-created_at").first()
    word = entry.body.split()[3].strip(".").lower()
    found = client.post(reverse("journal:search"), {"q": word})
    assert found.status_code == 302, found.status_code
    return [
        ("bare Django view (logged in)", "/_bench/bare/", "ok"),
        ("dashboard", "/dashboard/", 'class="panel"'),
        ("journal entry", entry.get_absolute_url(), 'href="/journal/entries/'),
        ("journal list", "/journal/", 'id="entries-heading"'),
        ("journal search results", found["Location"], "Matching entries"),
        ("safety plan", "/safety/plan/", "calling my sister"),
        ("assessment history", "/assessments/phq9/history/", 'id="history-data"'),
        ("guided-session history", "/guide/history/", 'id="guide-chart-data"'),
        ("journal API list", "/api/v1/journal/entries/", '"entries"'),
    ]


def check(client, name: str, path: str, marker: str) -> None:
    response = client.get(path)
    body = response.content.decode()
    if response.status_code != 200 or marker not in body:
        raise SystemExit(f"{name} ({path}): status {response.status_code}, {marker!r} not found")


def measure(clients: dict, listed: dict, rounds: int) -> dict:
    """Median ms, queries and KB per (page, size). Pages and sizes take turns request by
    request, so a change in the machine's load falls on all of them alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: dict[tuple, list[float]] = {}
    for _ in range(rounds):
        for items, client in clients.items():
            for name, path, _marker in listed[items]:
                started = time.perf_counter()
                client.get(path)
                times.setdefault((name, items), []).append((time.perf_counter() - started) * 1000)
    results = {}
    for items, client in clients.items():
        for name, path, _marker in listed[items]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            results[(name, items)] = (
                statistics.median(times[(name, items)]),
                len(queries.captured_queries),
                len(response.content),
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, action="append")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--profile", help="a page name or path to profile")
    options = parser.parse_args()
    sizes = options.items or [10, 1000]

    folder = Path(tempfile.mkdtemp(prefix="innerchild-bench-pages-"))
    setup_django(folder)
    from django.test import Client

    clients, listed = {}, {}
    for items in sizes:
        started = time.perf_counter()
        user = member(items)
        built = time.perf_counter() - started
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        listed[items] = pages(client, user)
        for name, path, marker in listed[items]:
            check(client, name, path, marker)
        clients[items] = client
        print(f"member with {items:,} items of history ({built:.0f} s to build)", flush=True)
    for items, client in clients.items():  # warm up: templates, content, connections
        for _name, path, _marker in listed[items]:
            client.get(path)
    load = os.getloadavg()[0]
    measured = measure(clients, listed, options.rounds)
    results: dict[str, dict[int, tuple]] = {}
    for (name, items), figures in measured.items():
        results.setdefault(name, {})[items] = figures
    if options.profile:
        for items, client in clients.items():
            for name, path, _marker in listed[items]:
                if options.profile not in (name, path):
                    continue
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(options.rounds):
                    client.get(path)
                profile.disable()
                print(f"\nprofile of {name} at {items:,} items, {options.rounds} requests:")
                stats = pstats.Stats(profile)
                stats.sort_stats("cumulative").print_stats(r"innerchild|template|forms|crypto", 40)
                stats.sort_stats("tottime").print_stats(20)
    anonymous = Client(HTTP_HOST="localhost")
    anonymous_ms = statistics.median(
        _timed(lambda: anonymous.get("/_bench/bare/")) for _ in range(options.rounds)
    )
    print(f"\nin-process server time, median of {options.rounds}; load average {load:.1f}")
    print(f"anonymous bare view: {anonymous_ms:.2f} ms")
    header = "".join(f" | {n:,} items: ms, vs bare, queries, KB" for n in sizes)
    growth = f" | ms at {sizes[-1]:,} / at {sizes[0]:,}" if len(sizes) > 1 else ""
    print(f"page{header}{growth}")
    bare = results["bare Django view (logged in)"]
    for name, by_size in results.items():
        cells = []
        for items in sizes:
            ms, queries, size = by_size[items]
            cells.append(f"{ms:7.2f} {bare[items][0] / ms:5.0%} {queries:3d} {size / 1024:6.1f}")
        if len(sizes) > 1:
            cells.append(f"{by_size[sizes[-1]][0] / by_size[sizes[0]][0]:.2f}x")
        print(f"{name:32} | " + " | ".join(cells))


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main()
