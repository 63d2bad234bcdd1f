"""Journal search latency: p50/p95 server time for one person's searches.

    python bench/journal_search.py [--entries 10000 --entries 100000] [--database-url URL]
                                   [--rounds 20]

Run bench/make_journal_data.py first with the same sizes and database. Each search is sent the
way the pages send it, through the whole Django stack in-process (django.test.Client: URL
routing, session, view, search, decrypting the page of results, template or JSON):

- page: the form POSTed to /journal/search/ (words kept encrypted in the session), then the
  results page it redirects to, both timed together, as a person waits for them;
- API: POST /api/v1/journal/search/ with the words in the JSON body.

Every search is checked against the truth: every entry is decrypted once and each search's page
is worked out without the index (every searched word in some form, every filter); the results
page and the API must list exactly those entries, in that order, before and after timing.
Baselines in the same run: the first page of the journal
with no search, and decrypting and scanning every entry (what search would cost without the
blind index).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
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


class Truth:
    """Every entry decrypted once, to know what each search must find without the index."""

    def __init__(self, user):
        import zoneinfo

        from innerchild.journal.models import Entry
        from innerchild.journal.search import (
            hasher_for,
            normalise,
            searchable_text,
            stem,
            words_in,
        )

        self.stemming = hasher_for(user).stemming
        self.tz = zoneinfo.ZoneInfo(user.timezone or "UTC")
        self.rows = [
            (
                str(entry.id),
                entry.created_at.astimezone(self.tz).date().isoformat(),
                {stem(w, self.stemming) for w in words_in(searchable_text(entry))},
                entry.emotion,
                set(entry.sign_list),
                entry.kind,
                {normalise(t.strip()) for t in entry.tag_list},
            )
            for entry in Entry.objects.filter(owner=user).order_by("-created_at", "-id")
        ]

    def expected(self, params: dict) -> list[str]:
        """The ids a page of this search must list, newest first."""
        from innerchild.journal.search import PAGE_SIZE, normalise, stem, words_in

        wanted = {stem(w, self.stemming) for w in words_in(params.get("q", ""))}
        tag = normalise(params.get("tag", "").strip())
        found = [
            entry_id
            for entry_id, day, stems, emotion, signs, kind, tags in self.rows
            if wanted <= stems
            and (not params.get("emotion") or emotion == params["emotion"])
            and (not params.get("sign") or params["sign"] in signs)
            and (not params.get("kind") or kind == params["kind"])
            and (not tag or tag in tags)
            and (not params.get("date_from") or day >= params["date_from"])
            and (not params.get("date_to") or day <= params["date_to"])
        ]
        page = int(params.get("page", 1))
        return found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


def verify(label: str, params: dict, page_ids: list, api: dict, truth: Truth) -> int:
    """Check that the page and the API list exactly the entries the search must find."""
    expected = truth.expected(params)
    api_ids = [item["id"] for item in api["entries"]]
    if [str(i) for i in page_ids] != expected:
        raise SystemExit(
            f"{label}: the page lists {len(page_ids)} entries, not the {len(expected)} expected"
        )
    if api_ids != expected:
        raise SystemExit(
            f"{label}: the API lists {len(api_ids)} entries, not the {len(expected)} expected"
        )
    if label == "no match" and expected:
        raise SystemExit(f"{label}: the word is in the data after all")
    return len(expected)


ENTRY_LINK = re.compile(r'class="entry-item">\s*<h3><a href="[^"]*/([0-9a-f-]{36})/"')


def timed(call):
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def search_page(client, params: dict):
    """The form posted as the page posts it, then the results page it redirects to."""
    form = {k: v for k, v in params.items() if k != "page"}
    response = client.post("/journal/search/", form)
    assert response.status_code == 302, response.status_code
    address = response["Location"]
    if "page" in params:
        address += ("&" if "?" in address else "?") + f"page={params['page']}"
    response = client.get(address)
    assert response.status_code == 200, response.status_code
    return ENTRY_LINK.findall(response.content.decode())


def search_api(client, params: dict) -> dict:
    response = client.post("/api/v1/journal/search/", params, content_type="application/json")
    assert response.status_code == 200, (response.status_code, response.content[:200])
    return response.json()


def scan_everything(user, word: str) -> int:
    """Search without the index: decrypt every entry and look for the word."""
    from innerchild.journal.models import Entry
    from innerchild.journal.search import searchable_text, words_in

    return sum(
        word in words_in(searchable_text(entry)) for entry in Entry.objects.filter(owner=user)
    )


def measure(n: int, rounds: int) -> dict:
    from django.test import Client

    from innerchild.accounts.models import User

    user = User.objects.get(email=f"bench-{n}@bench.local")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    words = vocabulary()
    truth = Truth(user)
    results = {}
    all_page, all_api = [], []
    first_page = []
    client.get("/journal/")  # warm up, as for the searches
    for _ in range(rounds):
        ms, response = timed(lambda: client.get("/journal/"))
        assert response.status_code == 200
        first_page.append(ms)
    results["journal first page (baseline)"] = (
        statistics.median(first_page),
        percentile(first_page, 95),
        None,
        None,
    )
    for label, params in queries(words):
        page_ids = search_page(client, params)  # warm caches once, as a server would be
        found = verify(label, params, page_ids, search_api(client, params), truth)
        page_ms, api_ms = [], []
        for _ in range(rounds):
            ms, ids = timed(lambda params=params: search_page(client, params))
            page_ms.append(ms)
            ms, answer = timed(lambda params=params: search_api(client, params))
            api_ms.append(ms)
        verify(label, params, ids, answer, truth)
        results[label] = (
            statistics.median(page_ms),
            percentile(page_ms, 95),
            statistics.median(api_ms),
            found,
        )
        all_page += page_ms
        all_api += api_ms
    results["ALL"] = (
        statistics.median(all_page),
        percentile(all_page, 95),
        statistics.median(all_api),
        None,
    )
    scan_ms, _count = timed(lambda: scan_everything(user, words[400]))
    results["scan every entry (no index)"] = (scan_ms, scan_ms, None, None)
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
    load = os.getloadavg()
    print(
        f"database: {engine} ({connection.vendor}), {args.rounds} rounds per query, "
        f"load average {load[0]:.1f} / {load[1]:.1f} (1 / 5 min)"
    )
    for n in args.entries or [10_000]:
        results = measure(n, args.rounds)
        baseline = results["journal first page (baseline)"][0]
        print(f"\n{n:,} entries for one person (target p95 <= {TARGETS_MS.get(n, '?')} ms)")
        print(
            f"  {'query':30} {'page p50':>9} {'page p95':>9} {'vs 1st page':>11} "
            f"{'API p50':>8} {'found':>6}"
        )
        for label, (p50, p95, api50, found) in results.items():
            api = "" if api50 is None else f"{api50:6.1f}ms"
            shown = "" if found is None else str(found)
            print(
                f"  {label:30} {p50:7.1f}ms {p95:7.1f}ms {p50 / baseline:10.2f}x "
                f"{api:>8} {shown:>6}"
            )
        target = TARGETS_MS.get(n)
        if target:
            p95 = results["ALL"][1]
            verdict = "meets" if p95 <= target else "MISSES"
            print(
                f"  overall p95 {p95:.1f} ms {verdict} the {target} ms target ({p95 / target:.2f}x)"
            )


if __name__ == "__main__":
    main()
