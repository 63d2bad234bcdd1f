"""Generate a journal data set for the search benchmark: N entries for one person.

    python bench/make_journal_data.py --entries 10000 [--database-url URL] [--insights]

Entries go through the real model fields (encrypted title, body, tags, ...) and the real blind
index (search.tokens_for with the person's own key); bulk inserts only make it faster. Words are
drawn from the VADER lexicon with a Zipf distribution, so some words are in most entries and
most words in few, as in real writing. Without DATABASE_URL / --database-url, uses
bench/results/journal_bench.sqlite3. The person is bench-<N>@bench.local (re-created each run).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "bench" / "results" / "journal_bench.sqlite3"
BENCH_KEY = "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktYmU="


def setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif not os.environ.get("DATABASE_URL"):
        DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_SQLITE}"
    os.environ.setdefault("INNERCHILD_DATA_DIR", str(ROOT / "bench" / "results"))
    os.environ.setdefault("ENCRYPTION_KEYS", BENCH_KEY)
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innerchild.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def vocabulary() -> list[str]:
    import vaderSentiment

    lexicon = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    words = [
        line.split("\t", 1)[0]
        for line in lexicon.read_text(encoding="utf-8").splitlines()
        if line and line.split("\t", 1)[0].isalpha()
    ]
    filler = [
        "the",
        "and",
        "i",
        "to",
        "my",
        "a",
        "was",
        "it",
        "of",
        "that",
        "me",
        "in",
        "felt",
        "today",
        "when",
        "with",
        "about",
    ]
    journaling = [
        "mother",
        "father",
        "sister",
        "brother",
        "friend",
        "partner",
        "work",
        "home",
        "school",
        "child",
        "little",
        "younger",
        "remember",
        "morning",
        "evening",
        "night",
        "walk",
        "river",
        "coffee",
        "tea",
        "window",
        "door",
        "garden",
        "dinner",
        "phone",
        "message",
        "meeting",
        "weekend",
        "holiday",
        "birthday",
        "kitchen",
        "bed",
        "sleep",
        "dream",
        "memory",
        "body",
        "chest",
        "breath",
        "hands",
        "throat",
        "stomach",
        "voice",
        "letter",
        "dialogue",
        "trigger",
        "boundary",
        "needed",
        "wanted",
    ]
    return filler + journaling + words


def make_text(rng: random.Random, words: list[str], weights: list[float], length: int) -> str:
    return " ".join(rng.choices(words, cum_weights=weights, k=length)).capitalize() + "."


def person(n: int):
    from innerchild.accounts.models import User
    from innerchild.journal.search import key_for

    email = f"bench-{n}@bench.local"
    User.objects.filter(email=email).delete()
    user = User.objects.create_user(
        email=email,
        password="bench-password-not-secret",
        display_name=f"Bench {n}",
        birth_year=1990,
        terms_accepted_at=datetime.now(UTC),
        onboarded_at=datetime.now(UTC),
    )
    key_for(user)
    return user


def generate(n: int, *, seed: int, with_insights: bool, user=None, quiet: bool = False) -> None:
    """`n` entries for `user` (default: a new person bench-<n>@bench.local)."""
    from django.db import connection, transaction

    from innerchild.core.signs import sign_ids
    from innerchild.journal import actions, insights, vocab
    from innerchild.journal.models import Entry, EntryToken
    from innerchild.journal.search import hasher_for, tokens_for

    rng = random.Random(seed)
    words = vocabulary()
    weights = list(itertools.accumulate(1 / (rank + 1) ** 1.07 for rank in range(len(words))))
    emotions = list(vocab.feeling_index())
    needs = [need.id for need in vocab.needs()]
    signs = list(sign_ids())
    tags = [f"tag{i}" for i in range(30)] + ["work", "family", "therapy", "sleep", "friends"]
    user = user or person(n)
    hasher = hasher_for(user)
    start = datetime.now(UTC) - timedelta(days=365 * 10)
    span = timedelta(days=365 * 10).total_seconds()
    batch = 2000
    started = time.perf_counter()
    tokens_total = 0
    for first in range(0, n, batch):
        entries, token_rows = [], []
        for _ in range(min(batch, n - first)):
            created = start + timedelta(seconds=rng.random() * span)
            roll = rng.random()
            kind = (
                "entry"
                if roll < 0.8
                else ("trigger" if roll < 0.88 else ("dialogue" if roll < 0.94 else "letter_to"))
            )
            data = actions.EntryData(
                kind=kind,
                title=make_text(rng, words, weights, rng.randint(2, 6)),
                body=make_text(rng, words, weights, rng.randint(40, 220))
                if kind != "dialogue"
                else "",
                tags=rng.sample(tags, rng.choice([0, 0, 1, 1, 2])),
                signs=rng.sample(signs, rng.choice([0, 1, 1, 2])),
                emotion=rng.choice(emotions) if rng.random() < 0.7 else "",
                pleasantness=rng.randint(1, 5),
                energy=rng.randint(1, 5),
                created_at=created,
            )
            if kind == "trigger":
                data.details = {"situation": make_text(rng, words, weights, 30)}
                data.intensity = rng.randint(0, 10)
                data.need = rng.choice(needs)
            elif kind == "dialogue":
                data.details = {
                    "turns": [
                        {
                            "voice": "now" if i % 2 == 0 else "little",
                            "text": make_text(rng, words, weights, rng.randint(5, 30)),
                        }
                        for i in range(rng.randint(2, 8))
                    ]
                }
            entry = Entry(owner=user, created_at=created, updated_at=created)
            actions._apply(entry, data)
            if with_insights:
                actions._derive(entry, hasher, "en")
            else:
                entry.fingerprint = hasher.fingerprint(*actions.fingerprint_parts(entry))
            entries.append(entry)
            token_rows.extend((entry.id, t) for t in tokens_for(entry, hasher))
        with transaction.atomic():
            Entry.objects.bulk_create(entries)
            _insert_tokens(connection, EntryToken, user.id, token_rows)
        tokens_total += len(token_rows)
        done = first + len(entries)
        rate = done / (time.perf_counter() - started)
        if not quiet:
            print(f"\r  {done:,}/{n:,} entries ({rate:,.0f}/s)", end="", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What autovacuum does within minutes on a live server: statistics for the planner
            # and the visibility map that lets counts use index-only scans.
            for model in (Entry, EntryToken):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
    if not quiet:
        print(
            f"\n  {tokens_total:,} search hashes ({tokens_total / n:.0f} per entry) for {user.email}"
        )
    _ = insights  # keep the import visible: --insights runs the real analyser


def _insert_tokens(connection, model, owner_id: int, rows) -> None:
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"COPY {table} (entry_id, owner_id, token) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for entry_id, token in rows:
                copy.write_row((entry_id, owner_id, token))
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (entry_id, owner_id, token) VALUES (%s, %s, %s)",
            [(entry_id.hex, owner_id, token) for entry_id, token in rows],
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--entries", type=int, action="append", help="entries per person (repeatable)"
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL or bench/results SQLite")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--insights", action="store_true", help="also compute text insights (slow)")
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} {settings.DATABASES['default']['NAME']}"
    )
    for n in args.entries or [10_000]:
        started = time.perf_counter()
        print(f"generating {n:,} entries")
        generate(n, seed=args.seed + n, with_insights=args.insights)
        print(f"  took {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
