"""Every write to the journal. Each do_* runs in one transaction.

Safety screening is not done here: views (and other apps via api.py) call the screener after
these return, when the words are durably saved, so a problem in screening never loses writing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from innerchild.core.db import retry_when_locked
from innerchild.journal import insights, search, signals
from innerchild.journal.models import (
    Affirmation,
    Draft,
    Entry,
    Kind,
    PromptShown,
    YoungerSelf,
)


@dataclass
class EntryData:
    kind: str = Kind.ENTRY
    title: str = ""
    body: str = ""
    tags: list[str] = field(default_factory=list)
    signs: list[str] = field(default_factory=list)
    emotion: str = ""
    pleasantness: int | None = None
    energy: int | None = None
    details: dict = field(default_factory=dict)
    intensity: int | None = None
    need: str = ""
    prompt_id: str = ""
    source: str = ""
    created_at: datetime | None = None


def clean_tags(tags) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        tag = " ".join(str(tag).strip().lstrip("#@").split())[:40]
        if tag and search.normalise(tag) not in seen:
            seen[search.normalise(tag)] = tag
    return list(seen.values())[:20]


# The columns _apply and _derive set: an update writes these and nothing else.
APPLIED_FIELDS = (
    "kind",
    "title",
    "body",
    "tags",
    "signs",
    "emotion",
    "pleasantness",
    "energy",
    "details",
    "intensity",
    "need",
    "prompt_id",
    "source",
)
DERIVED_FIELDS = (
    "valence",
    "insight_families",
    "insight_signs",
    "criticism_markers",
    "compassion_markers",
    "insight_language",
    "fingerprint",
)


def _apply(entry: Entry, data: EntryData) -> None:
    entry.kind = data.kind
    entry.title = data.title.strip()
    entry.body = data.body
    entry.tags = json.dumps(clean_tags(data.tags), ensure_ascii=False)
    entry.signs = json.dumps(list(dict.fromkeys(data.signs)))
    entry.emotion = data.emotion or ""
    entry.pleasantness = data.pleasantness
    entry.energy = data.energy
    entry.details = json.dumps(data.details, ensure_ascii=False) if data.details else ""
    entry.intensity = data.intensity
    entry.need = data.need or ""
    entry.prompt_id = data.prompt_id or entry.prompt_id
    entry.source = data.source or entry.source


def fingerprint_parts(entry: Entry) -> tuple[str, ...]:
    created = entry.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    return (entry.kind, created, entry.title.strip(), entry.body.strip(), entry.details or "")


def _derive(entry: Entry, hasher: search.Hasher, language: str) -> None:
    found = insights.analyse(search.searchable_text(entry), language)
    entry.valence = found.valence
    entry.insight_families = found.families
    entry.insight_signs = found.signs
    entry.criticism_markers = found.criticism
    entry.compassion_markers = found.compassion
    entry.insight_language = found.language
    entry.fingerprint = hasher.fingerprint(*fingerprint_parts(entry))


@transaction.atomic
def do_create_entry(user, data: EntryData, *, hasher: search.Hasher | None = None) -> Entry:
    hasher = hasher or search.hasher_for(user)
    now = timezone.now()
    # An imported or back-dated entry was last changed when it was written.
    written = data.created_at or now
    entry = Entry(owner=user, created_at=written, updated_at=written)
    _apply(entry, data)
    _derive(entry, hasher, user.language)
    entry.save()
    search.index_entry(entry, hasher)
    Draft.objects.filter(owner=user, slot=f"new:{data.kind}").delete()
    if data.prompt_id:
        PromptShown.objects.filter(owner=user, prompt_id=data.prompt_id, used_at=None).update(
            used_at=now
        )
    transaction.on_commit(
        lambda: signals.entry_created.send(
            sender=Entry, user=user, entry_id=entry.id, kind=entry.kind, prompt_id=entry.prompt_id
        )
    )
    return entry


@transaction.atomic
def do_update_entry(entry: Entry, data: EntryData) -> Entry:
    hasher = search.hasher_for(entry.owner)
    _apply(entry, data)
    if data.created_at:
        entry.created_at = data.created_at
    entry.updated_at = timezone.now()
    _derive(entry, hasher, entry.owner.language)
    # Only these columns: an entry deleted meanwhile (another tab) fails loudly, never returns.
    entry.save(update_fields=[*APPLIED_FIELDS, "created_at", "updated_at", *DERIVED_FIELDS])
    search.index_entry(entry, hasher)
    Draft.objects.filter(owner=entry.owner, slot=f"edit:{entry.id}").delete()
    return entry


@transaction.atomic
def do_delete_entry(entry: Entry) -> None:
    Draft.objects.filter(owner=entry.owner, slot=f"edit:{entry.id}").delete()
    entry.delete()


@transaction.atomic
def do_save_draft(user, slot: str, payload: dict) -> Draft:
    draft, _created = Draft.objects.update_or_create(
        owner=user,
        slot=slot,
        defaults={
            "payload": json.dumps(payload, ensure_ascii=False),
            "updated_at": timezone.now(),
        },
    )
    return draft


@transaction.atomic
def do_discard_draft(user, slot: str) -> None:
    Draft.objects.filter(owner=user, slot=slot).delete()


@transaction.atomic
def do_add_affirmation(user, text: str) -> Affirmation:
    return Affirmation.objects.create(owner=user, text=text.strip(), created_at=timezone.now())


@transaction.atomic
def do_delete_affirmation(affirmation: Affirmation) -> None:
    affirmation.delete()


def _younger_self_locked(user) -> YoungerSelf:
    """The person's one profile row, created if needed and locked until the transaction ends.

    Two first saves at once (a double submit, or the text and the photo together) both try to
    create it: get_or_create's savepoint turns the loser's unique-constraint error into a read
    of the winner's row, and the row lock makes the second save wait for the first, so neither
    fails and neither loses what was typed.
    """
    YoungerSelf.objects.get_or_create(owner=user, defaults={"updated_at": timezone.now()})
    return YoungerSelf.objects.select_for_update().defer("photo").get(owner=user)


@retry_when_locked
@transaction.atomic
def do_save_younger_self(user, *, name: str, ages: str, needed: str, comforting_words: str):
    profile = _younger_self_locked(user)
    profile.name = name.strip()
    profile.ages = ages.strip()
    profile.needed = needed.strip()
    profile.comforting_words = comforting_words.strip()
    profile.updated_at = timezone.now()
    profile.save(update_fields=["name", "ages", "needed", "comforting_words", "updated_at"])
    return profile


@retry_when_locked
@transaction.atomic
def do_set_younger_self_photo(user, jpeg: bytes | None) -> YoungerSelf:
    profile = _younger_self_locked(user)
    now = timezone.now()
    profile.photo = jpeg
    profile.photo_updated_at = now if jpeg else None
    profile.updated_at = now
    profile.save(update_fields=["photo", "photo_updated_at", "updated_at"])
    return profile
