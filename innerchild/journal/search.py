"""Search over encrypted entries with a keyed blind index.

The database cannot search ciphertext, and decrypting every entry on each search does not scale
to years of writing. So each saved entry also gets a set of keyed hashes (`EntryToken`): one per
distinct normalised word and one per filter value (tag, emotion, sign). A search hashes the
query words with the same per-person key and lets the database intersect the sets through an
index; only the entries on the page shown are then decrypted. See docs/privacy.md for what this
reveals (which entries share a word, never which word) and why it is acceptable here.

Words are reduced to their stems with the Snowball stemmer of the language the person's index was
built in ("shouted", "shouting" -> "shout"; "lloraba", "lloré" -> "llor"), so a search finds
every form of a word. Stems are hashed under their own prefix, so an index built before stemming
keeps answering with whole words until `innerchild journal reindex` rebuilds it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import struct
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from snowballstemmer import stemmer as snowball_stemmer

from innerchild.journal.models import Entry, EntryToken, SearchKey

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)
MIN_WORD = 2
MAX_WORD = 40
MAX_QUERY_WORDS = 8
PAGE_SIZE = 20

# Words too common to narrow a search; they are neither indexed nor searched for.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "him",
        "his",
        "i",
        "i'm",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "they",
        "this",
        "to",
        "too",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "you",
        "your",
        "al",
        "con",
        "de",
        "del",
        "el",
        "en",
        "es",
        "la",
        "las",
        "lo",
        "los",
        "mi",
        "me",
        "no",
        "por",
        "que",
        "se",
        "su",
        "un",
        "una",
        "y",
        "yo",
    ]
)


def normalise(word: str) -> str:
    """Lowercase, accents removed, curly apostrophes straightened: "Corazón" -> "corazon"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("\u2019", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_in(text: str) -> set[str]:
    found = set()
    for match in WORD.finditer(text or ""):
        word = normalise(match.group())
        if MIN_WORD <= len(word) <= MAX_WORD and word not in STOPWORDS:
            found.add(word)
    return found


# The Snowball stemmer for each interface language; anything else is stemmed as English.
STEMMERS = {"en": "english", "es": "spanish"}
DEFAULT_STEMMING = "en"
_stemmers = threading.local()


def stemming_for(language: str | None) -> str:
    """The stemming language of a new index for a person who uses `language`."""
    return language if language in STEMMERS else DEFAULT_STEMMING


def stem(word: str, stemming: str) -> str:
    """The stem of a normalised word: "shouting" -> "shout", "abandonados" -> "abandon".

    Words are normalised (accents removed) before stemming, so a word typed without its accents
    gives the same stem as the word written with them.
    """
    stemmers = _stemmers.__dict__
    if stemming not in stemmers:
        # Snowball stemmers keep state while stemming: one per thread.
        stemmers[stemming] = snowball_stemmer(STEMMERS.get(stemming, "english"))
    return stemmers[stemming].stemWord(word)


def _search_key(user) -> SearchKey:
    try:
        return SearchKey.objects.get(owner=user)
    except SearchKey.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            SearchKey.objects.create(
                owner=user,
                key=secrets.token_bytes(32),
                stemming=stemming_for(getattr(user, "language", "")),
            )
    except IntegrityError:
        pass  # Created meanwhile by another request; read theirs.
    return SearchKey.objects.get(owner=user)


def key_for(user) -> bytes:
    """The person's search key, created on first use."""
    return bytes(_search_key(user).key)


@dataclass(frozen=True)
class Hasher:
    key: bytes
    # The Snowball language of the person's index; "" for an index of whole words (before 2026-11).
    stemming: str = ""

    def token(self, value: str) -> int:
        digest = hmac.new(self.key, value.encode("utf-8"), hashlib.sha256).digest()
        return struct.unpack(">q", digest[:8])[0]

    def word(self, word: str) -> int:
        """The hash of a normalised word: of its stem, or of the whole word in an old index."""
        if self.stemming:
            return self.token("m:" + stem(word, self.stemming))
        return self.token("w:" + word)

    def tag(self, tag: str) -> int:
        return self.token("t:" + normalise(tag.strip()))

    def emotion(self, emotion_id: str) -> int:
        return self.token("e:" + emotion_id)

    def sign(self, sign_id: str) -> int:
        return self.token("s:" + sign_id)

    def fingerprint(self, *parts: str) -> str:
        message = "\x1f".join(parts).encode("utf-8")
        return hmac.new(self.key, b"fp:" + message, hashlib.sha256).hexdigest()


def hasher_for(user) -> Hasher:
    search_key = _search_key(user)
    return Hasher(bytes(search_key.key), search_key.stemming)


def searchable_text(entry: Entry) -> str:
    parts = [entry.title, entry.body, " ".join(entry.tag_list)]
    details = entry.detail_data
    for turn in details.get("turns", []):
        parts.append(turn.get("text", ""))
    for key, value in details.items():
        if key != "turns" and isinstance(value, str):
            parts.append(value)
    return "\n".join(p for p in parts if p)


def tokens_for(entry: Entry, hasher: Hasher) -> set[int]:
    tokens = {hasher.word(w) for w in words_in(searchable_text(entry))}
    tokens |= {hasher.tag(t) for t in entry.tag_list}
    tokens |= {hasher.sign(s) for s in entry.sign_list}
    if entry.emotion:
        tokens.add(hasher.emotion(entry.emotion))
    return tokens


def index_entry(entry: Entry, hasher: Hasher | None = None) -> None:
    """Replace the entry's hashes (call inside the transaction that saves the entry)."""
    hasher = hasher or hasher_for(entry.owner)
    EntryToken.objects.filter(entry=entry).delete()
    EntryToken.objects.bulk_create(
        EntryToken(entry=entry, owner_id=entry.owner_id, token=t) for t in tokens_for(entry, hasher)
    )


REINDEX_BATCH = 500


def rebuild_index(user) -> int:
    """Rebuild all of a person's hashes with stems in their current language; returns the count.

    One transaction per person: until it commits, searches use the old index, whole, and after
    it the new one, never a mix.
    """
    with transaction.atomic():
        search_key = _search_key(user)
        search_key.stemming = stemming_for(getattr(user, "language", ""))
        search_key.save(update_fields=["stemming"])
        hasher = Hasher(bytes(search_key.key), search_key.stemming)
        EntryToken.objects.filter(owner=user).delete()
        count = 0
        entries = Entry.objects.filter(owner=user).order_by("created_at", "id")
        rows = []
        for entry in entries.iterator(chunk_size=REINDEX_BATCH):
            rows += [
                EntryToken(entry_id=entry.id, owner_id=user.id, token=token)
                for token in tokens_for(entry, hasher)
            ]
            count += 1
            if len(rows) >= REINDEX_BATCH * 20:
                EntryToken.objects.bulk_create(rows, batch_size=REINDEX_BATCH)
                rows = []
        EntryToken.objects.bulk_create(rows, batch_size=REINDEX_BATCH)
    return count


@dataclass
class Query:
    words: str = ""
    date_from: date | None = None
    date_to: date | None = None
    emotion: str = ""
    sign: str = ""
    kind: str = ""
    tag: str = ""
    ignored_words: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.words, self.date_from, self.date_to, self.emotion, self.sign, self.kind, self.tag)
        )


def query_tokens(query: Query, hasher: Hasher) -> tuple[list[int], list[str]]:
    """The hashes every matching entry must have, and query words too common to search for."""
    tokens, ignored = [], []
    for match in WORD.finditer(query.words or ""):
        word = normalise(match.group())
        if word in STOPWORDS or len(word) < MIN_WORD:
            ignored.append(match.group())
        else:
            tokens.append(hasher.word(word[:MAX_WORD]))
    tokens = tokens[:MAX_QUERY_WORDS]
    if query.tag:
        tokens.append(hasher.tag(query.tag))
    if query.emotion:
        tokens.append(hasher.emotion(query.emotion))
    if query.sign:
        tokens.append(hasher.sign(query.sign))
    return list(dict.fromkeys(tokens)), ignored


# Search dates outside these days match nothing anyone wrote, and near the ends of the calendar
# a day plus one or a time zone shift overflows Python's dates.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)


def _day_start(day: date) -> datetime:
    day = min(max(day, EARLIEST_DAY), LATEST_DAY)
    return timezone.make_aware(datetime.combine(day, time.min))


def search_entries(user, query: Query):
    """A queryset of the person's entries matching every part of `query`, newest first.

    The hashes narrow the rows inside the database; nothing is decrypted until the caller
    slices a page and reads it.
    """
    entries = Entry.objects.visible_to(user)
    if query.kind:
        entries = entries.filter(kind=query.kind)
    if query.date_from:
        entries = entries.filter(created_at__gte=_day_start(query.date_from))
    if query.date_to:
        end = min(query.date_to, LATEST_DAY) + timedelta(days=1)
        entries = entries.filter(created_at__lt=_day_start(end))
    needs_hasher = query.words or query.tag or query.emotion or query.sign
    if needs_hasher:
        tokens, query.ignored_words = query_tokens(query, hasher_for(user))
        entries = _narrow(entries, user, tokens)
    return entries.saved()


# Counting stops here: enough to tell a rare word from a frequent one without reading long lists.
COUNT_CAP = 25_000
WANTED = PAGE_SIZE + 1


def _bounded_counts(user, tokens: list[int]) -> tuple[int, list[int]]:
    """The person's number of entries and how many have each hash, capped (one query)."""
    tokens_table = connection.ops.quote_name(EntryToken._meta.db_table)
    entries_table = connection.ops.quote_name(Entry._meta.db_table)
    # Only quoted table names and integer constants are formatted in; values are parameters.
    parts = [
        f"SELECT -1 AS position, COUNT(*) AS found FROM (SELECT 1 AS one FROM {entries_table} "  # noqa: S608
        f"WHERE owner_id = %s LIMIT {COUNT_CAP * 8}) AS total"
    ]
    params: list = [user.id]
    for index, token in enumerate(tokens):
        parts.append(
            f"SELECT {index} AS position, COUNT(*) AS found FROM (SELECT 1 AS one FROM "  # noqa: S608
            f"{tokens_table} WHERE owner_id = %s AND token = %s LIMIT {COUNT_CAP}) AS part{index}"
        )
        params += [user.id, token]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        counts = dict(cursor.fetchall())
    return counts.get(-1, 0), [counts.get(index, 0) for index in range(len(tokens))]


def _narrow(entries, user, tokens: list[int]):
    """Entries having every hash, in the order that lets the database do the least work.

    Two routes: collect the entries that have the rarest hash and check the others on those
    (cost grows with how common the rarest word is), or walk the entries newest first checking
    every hash until a page is full (cost grows with how rare the combination is). The counts
    decide, assuming words occur independently.
    """
    if not tokens:
        return entries
    total, counts = _bounded_counts(user, tokens)
    if min(counts) == 0 or total == 0:
        return entries.none()
    ranked = sorted(zip(counts, tokens, strict=True))
    density = 1.0
    for count, _token in ranked:
        density *= min(1.0, count / total)
    walk_cost = min(total, WANTED / density) * len(tokens)
    collect_cost = 3 * ranked[0][0]
    rest = [token for _count, token in ranked]
    if collect_cost < walk_cost:
        entries = entries.filter(
            id__in=EntryToken.objects.filter(owner=user, token=rest[0]).values("entry_id")
        )
        rest = rest[1:]
    for token in rest:
        entries = entries.filter(
            Exists(EntryToken.objects.filter(entry_id=OuterRef("pk"), token=token))
        )
    return entries
