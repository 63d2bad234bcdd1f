"""Journal search latency: p50/p95 server time for one person's searches.

    python bench/journal_search.py [--entries 10000 --entries 100000] [--database-url URL]
                                   [--rounds 20]

Run bench/make_journal_data.py first with the same sizes and database. Each query goes through
the whole Django stack in-process (URL routing, session, view, search, decrypting the page of
results, template rendering) with django.test.Client, so the figures are server time without
the network. Also shown: the search alone (database narrowing + decrypting the 20 results).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_journal_data import setup_django, vocabulary

TARGETS_MS = {10_000: 50, 100_000: 200}


def queries(words: list[str]) -> list[tuple[str, dict]]:
    common, medium, rare = words[40], words[400], words[4000]
    return [
        ("first page, no filter", {}),
        ("one common word", {"q": common}),
        ("one medium word", {"q": medium}),
        ("one rare word", {"q": rare}),
        ("two words", {"q": f"{common} {medium}"}),
        ("three words", {"q": f"{words[30]} {words[60]} {words[90]}"}),
        ("word + date range", {"q": words[50], "date_from": "2020-01-01", "date_to": "2021-12-31"}),
        ("emotion", {"emotion": "lonely"}),
        ("sign + type", {"sign": "abandonment", "kind": "trigger"}),
        ("tag", {"tag": "family"}),
        ("word + emotion + sign", {"q": words[45], "emotion": "sad", "sign": "stress"}),
        ("no match", {"q": "zzzzunmatched"}),
        ("page 5 of a common word", {"q": words[35], "page": "5"}),
    ]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure(n: int, rounds: int) -> dict:
    from django.test import Client
    from django.urls import reverse

    from innerchild.accounts.models import User
    from innerchild.journal.search import PAGE_SIZE, Query, search_entries

    user = User.objects.get(email=f"bench-{n}@bench.local")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("journal:index")
    words = vocabulary()
    results = {}
    all_request, all_search = [], []
    for label, params in queries(words):
        client.get(url, params)  # warm caches once, as a server would be
        request_ms, search_ms = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.get(url, params)
            request_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            q = Query(
                words=params.get("q", ""),
                emotion=params.get("emotion", ""),
                sign=params.get("sign", ""),
                kind=params.get("kind", ""),
                tag=params.get("tag", ""),
                date_from=date.fromisoformat(params["date_from"])
                if "date_from" in params
                else None,
                date_to=date.fromisoformat(params["date_to"]) if "date_to" in params else None,
            )
            page = int(params.get("page", "1"))
            started = time.perf_counter()
            rows = list(search_entries(user, q)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
            decrypted = sum(len(row.title) + len(row.body) + len(row.tags) for row in rows)
            search_ms.append((time.perf_counter() - started) * 1000)
        matches = len(rows) if decrypted >= 0 else 0
        results[label] = (
            statistics.median(request_ms),
            percentile(request_ms, 95),
            statistics.median(search_ms),
            matches,
        )
        all_request += request_ms
        all_search += search_ms
    results["ALL"] = (
        statistics.median(all_request),
        percentile(all_request, 95),
        statistics.median(all_search),
        None,
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--database-url")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine} ({connection.vendor}), {args.rounds} rounds per query")
    for n in args.entries or [10_000]:
        results = measure(n, args.rounds)
        print(f"\n{n:,} entries for one person (target p95 <= {TARGETS_MS.get(n, '?')} ms)")
        print(
            f"  {'query':28} {'request p50':>11} {'request p95':>11} {'search p50':>10} {'page rows':>9}"
        )
        for label, (p50, p95, search50, matches) in results.items():
            shown = "" if matches is None else str(min(matches, 20))
            print(f"  {label:28} {p50:9.1f}ms {p95:9.1f}ms {search50:8.1f}ms {shown:>9}")
        target = TARGETS_MS.get(n)
        if target:
            p95 = results["ALL"][1]
            verdict = "meets" if p95 <= target else "MISSES"
            print(
                f"  overall p95 {p95:.1f} ms {verdict} the {target} ms target ({p95 / target:.2f}x)"
            )


if __name__ == "__main__":
    main()
