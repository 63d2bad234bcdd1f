"""The journal's public API for other apps (guided sessions write into the journal).

CONTRACT (keep stable):
- create_entry_from(user, *, kind, title, body, signs=(), feelings=(), source="") -> entry id
    Saves an encrypted journal entry of `kind` (e.g. "session"); the caller screens the text
    with the safety layer after this returns. `source` is a stable reference such as
    "guide-session:<uuid>"; calling again with the same source updates that entry instead of
    adding another.
- add_affirmation(user, text) -> None        adds to the person's own affirmations list
- younger_self_photo_url(user) -> str | None the owner-only URL of the childhood photo, if any
- younger_self_summary(user) -> dict | None  {"name", "ages", "needed", "comforting_words"}
- trigger_choices(user, limit=20) -> list[tuple[str, str]]  (id, short label) of recent triggers
- trigger_summary(user, trigger_id) -> dict | None  the trigger-log entry's fields, owner only
- feeling_families() -> list[dict]           [{"id", "label", "feelings": [{"id", "label"}]}]

Added (also stable):
- entry_url(user, entry_id) -> str | None    the owner's page for an entry, None if not theirs
- prompt_for_today(user) -> dict             {"id", "text", "signs", "stage"}
- entry_insights(user, since=None) -> list[dict]
    Per entry, oldest first, the figures stored at save time (never text): {"id", "created_at",
    "kind", "pleasantness", "energy", "intensity", "need", "valence", "families",
    "self_criticism_markers", "self_compassion_markers", "signs"}. For progress charts; see
    docs/journal.md for what each figure means and how far to trust it.

For a facilitator's view (the caller decides who may read; see care.access):
- entry_created                              signal(user, entry_id, kind, prompt_id), after commit
- shareable_entries(user, limit=100) -> list[dict]   {"id", "kind", "kind_label", "title",
    "created_at"} of entries, letters and dialogues a person may share one by one
- entry_for_reader(owner, entry_id) -> dict | None   {"id", "kind", "kind_label", "title",
    "created_at", "body_html", "turns", "trigger_fields", "emotion", "need_label"}
- trigger_log_for_reader(owner, limit=200) -> dict   {"entries": [...], "by_need": [(label, n)]}
- prompt_choices(language) -> list[tuple[str, str]] (id, text) and prompt_text(prompt_id)
- prompt_url(prompt_id) -> str | None     where to write about that prompt
- render_markdown(text) -> SafeString     Markdown as the journal shows it, sanitised (a guided
    session's summary page shows the same text as its journal entry)

For the typed JSON API (innerchild.api): the same forms as the pages, so validation is identical.
- InputErrors                                ValueError with `.errors` {field: [messages]}
- find_entries(user, data, page) -> dict     {"entries", "page", "has_more", "ignored_words"};
    `data` holds any of "q", "tag", "date_from", "date_to", "emotion", "sign", "kind"
- read_entry(user, entry_id) -> dict          the entry's record (the export's format); Http404
- create_entry(request, payload) -> dict      {"entry", "check_in_url"}; screens the saved text
- update_entry(request, entry_id, payload, *, partial) -> dict   the same; Http404, InputErrors
- delete_entry(user, entry_id) -> None        Http404 if not the person's
- ENTRY_FREE_TEXT_FIELDS, ENTRY_FILTER_FIELDS  search fields typed (body only) and picked

`feelings` are ids from the feelings vocabulary (see feeling_families()); the first known one is
kept as the entry's named feeling. Unknown sign ids and feelings are ignored, not errors.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.urls import reverse

from innerchild.core import dates
from innerchild.core.signs import sign_ids
from innerchild.journal import actions, vocab
from innerchild.journal.models import MAX_BODY_CHARS, MAX_TITLE_CHARS, Entry, Kind, YoungerSelf
from innerchild.journal.remote import (  # noqa: F401  (public surface)
    FILTER_FIELDS as ENTRY_FILTER_FIELDS,
)
from innerchild.journal.remote import (  # noqa: F401
    FREE_TEXT_FIELDS as ENTRY_FREE_TEXT_FIELDS,
)
from innerchild.journal.remote import (  # noqa: F401
    InputErrors,
    create_entry,
    delete_entry,
    find_entries,
    read_entry,
    update_entry,
)
from innerchild.journal.signals import entry_created  # noqa: F401  (public surface)


def create_entry_from(user, *, kind, title, body, signs=(), feelings=(), source=""):
    if kind not in Kind.values:
        raise ValueError(f"unknown journal entry kind {kind!r}")
    known_signs = set(sign_ids())
    emotion = next((f for f in feelings if f in vocab.feeling_index()), "")
    data = actions.EntryData(
        kind=kind,
        title=(title or "")[:MAX_TITLE_CHARS],
        body=(body or "")[:MAX_BODY_CHARS],
        signs=[s for s in signs if s in known_signs],
        emotion=emotion,
        source=source or "",
    )
    with transaction.atomic():
        existing = None
        if source:
            existing = (
                Entry.objects.select_for_update()
                .filter(owner=user, source=source)
                .order_by("created_at")
                .first()
            )
        if existing is not None:
            data.tags = existing.tag_list
            entry = actions.do_update_entry(existing, data)
        else:
            entry = actions.do_create_entry(user, data)
    return entry.id


def add_affirmation(user, text: str) -> None:
    text = (text or "").strip()
    if text:
        actions.do_add_affirmation(user, text[:300])


def render_markdown(text: str):
    from innerchild.journal.rendering import render_markdown as render

    return render(text)


def younger_self_photo_url(user) -> str | None:
    profile = YoungerSelf.objects.filter(owner=user).only("id", "photo_updated_at").first()
    if profile is None or profile.photo_updated_at is None:
        return None
    return reverse("journal:younger_self_photo", args=[profile.id])


def younger_self_summary(user) -> dict | None:
    profile = YoungerSelf.objects.filter(owner=user).defer("photo").first()
    if profile is None:
        return None
    return {
        "name": profile.name,
        "ages": profile.ages,
        "needed": profile.needed,
        "comforting_words": profile.comforting_words,
    }


def _trigger(user, trigger_id) -> Entry | None:
    try:
        key = uuid.UUID(str(trigger_id))
    except ValueError:
        return None
    return Entry.objects.filter(owner=user, kind=Kind.TRIGGER, id=key).first()


def trigger_choices(user, limit: int = 20) -> list[tuple[str, str]]:
    rows = Entry.objects.filter(owner=user, kind=Kind.TRIGGER).order_by("-created_at")[:limit]
    choices = []
    for entry in rows:
        when = dates.shown(entry.created_at, "day")
        label = entry.title or entry.detail_data.get("situation", "")[:60]
        choices.append((str(entry.id), f"{when}: {label}" if label else when))
    return choices


def trigger_summary(user, trigger_id: str) -> dict | None:
    entry = _trigger(user, trigger_id)
    if entry is None:
        return None
    return _trigger_record(entry)


def _trigger_record(entry: Entry) -> dict:
    details = entry.detail_data
    return {
        "id": str(entry.id),
        "title": entry.title,
        "created_at": entry.created_at,
        "situation": details.get("situation", ""),
        "reaction": details.get("reaction", ""),
        "intensity": entry.intensity,
        "body_sensations": details.get("body_sensations", ""),
        "felt_age": details.get("felt_age", ""),
        "memory": details.get("memory", ""),
        "need": entry.need,
        "need_label": vocab.need_label(entry.need) if entry.need else "",
        "tell_younger_self": details.get("tell_younger_self", ""),
        "differently": details.get("differently", ""),
    }


def feeling_families() -> list[dict]:
    return [
        {
            "id": family.id,
            "label": family.label,
            "feelings": [{"id": f.id, "label": f.label} for f in family.feelings],
        }
        for family in vocab.families()
    ]


def entry_url(user, entry_id) -> str | None:
    try:
        key = uuid.UUID(str(entry_id))
    except ValueError:
        return None
    if not Entry.objects.filter(owner=user, id=key).exists():
        return None
    return reverse("journal:entry", args=[key])


def prompt_for_today(user) -> dict:
    from innerchild.journal import prompting

    prompt = prompting.prompt_for_today(user)
    return {
        "id": prompt.id,
        "text": prompt.text,
        "signs": list(prompt.signs),
        "stage": prompt.stage,
    }


def entry_insights(user, since=None) -> list[dict]:
    entries = Entry.objects.filter(owner=user).order_by("created_at")
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    rows = entries.values_list(
        "id",
        "created_at",
        "kind",
        "pleasantness",
        "energy",
        "intensity",
        "need",
        "valence",
        "insight_families",
        "criticism_markers",
        "compassion_markers",
        "insight_signs",
    )
    return [
        {
            "id": str(row[0]),
            "created_at": row[1],
            "kind": row[2],
            "pleasantness": row[3],
            "energy": row[4],
            "intensity": row[5],
            "need": row[6],
            "valence": row[7],
            "families": row[8],
            "self_criticism_markers": row[9],
            "self_compassion_markers": row[10],
            "signs": row[11],
        }
        for row in rows
    ]


SHAREABLE_KINDS = (Kind.ENTRY, Kind.LETTER_TO, Kind.LETTER_FROM, Kind.DIALOGUE)


def shareable_entries(user, limit: int = 100) -> list[dict]:
    rows = Entry.objects.filter(owner=user, kind__in=SHAREABLE_KINDS).order_by("-created_at")
    return [
        {
            "id": entry.id,
            "kind": entry.kind,
            "kind_label": str(Kind(entry.kind).label),
            "title": entry.display_title,
            "created_at": entry.created_at,
        }
        for entry in rows.only("id", "kind", "title", "created_at")[:limit]
    ]


def entry_for_reader(owner, entry_id) -> dict | None:
    from innerchild.journal.presenting import present_entry

    try:
        key = uuid.UUID(str(entry_id))
    except ValueError:
        return None
    entry = Entry.objects.filter(owner=owner, id=key, kind__in=SHAREABLE_KINDS).first()
    if entry is None:
        return None
    shown = present_entry(entry)
    return {
        "id": entry.id,
        "kind": entry.kind,
        "kind_label": shown.kind_label,
        "title": shown.title,
        "created_at": entry.created_at,
        "body_html": shown.body_html,
        "turns": shown.turns,
        "trigger_fields": shown.trigger_fields,
        "emotion": shown.emotion,
        "need_label": shown.need_label,
    }


def trigger_log_for_reader(owner, limit: int = 200) -> dict:
    from collections import Counter

    rows = list(
        Entry.objects.filter(owner=owner, kind=Kind.TRIGGER).order_by("-created_at")[:limit]
    )
    needs = Counter(entry.need for entry in rows if entry.need)
    return {
        "entries": [_trigger_record(entry) for entry in rows[:50]],
        "by_need": [(vocab.need_label(need), count) for need, count in needs.most_common()],
        "count": len(rows),
    }


def prompt_choices(language: str = "en") -> list[tuple[str, str]]:
    return [(prompt.id, prompt.text) for prompt in vocab.prompt_index().values()]


def prompt_text(prompt_id: str) -> str:
    prompt = vocab.prompt_index().get(prompt_id)
    return prompt.text if prompt else ""


def prompt_url(prompt_id: str) -> str | None:
    """Where to write about a prompt (its suggested format, the prompt shown); None if unknown."""
    from innerchild.journal import prompting

    prompt = vocab.prompt_index().get(prompt_id)
    return prompting.prompt_url(prompt) if prompt else None
