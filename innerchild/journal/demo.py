"""Demo journal for the demo member, read from content/demo.yaml. Idempotent."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path

from django.utils import timezone

from innerchild.core.content import ContentError, load_validated
from innerchild.core.signs import sign_ids
from innerchild.journal import actions, vocab
from innerchild.journal.models import Affirmation, Entry, Kind, YoungerSelf

DEMO_FILE = Path(__file__).parent / "content" / "demo.yaml"

_TEXT = {"type": "string", "minLength": 1}
_SCORE = {"type": "integer", "minimum": 1, "maximum": 5}
_TURN = {
    "type": "object",
    "required": ["voice", "text"],
    "additionalProperties": False,
    "properties": {"voice": {"enum": ["now", "little"]}, "text": _TEXT},
}


def demo_schema() -> dict:
    return {
        "type": "object",
        "required": ["entries", "affirmations", "younger_self"],
        "additionalProperties": False,
        "properties": {
            "entries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["days_ago", "kind", "title"],
                    "additionalProperties": False,
                    "properties": {
                        "days_ago": {"type": "integer", "minimum": 0},
                        "kind": {"enum": [k for k in Kind.values if k != Kind.SESSION]},
                        "title": _TEXT,
                        "body": {"type": "string"},
                        "details": {
                            "type": "object",
                            "properties": {
                                "turns": {"type": "array", "items": _TURN},
                                "non_dominant_hand": {"type": "boolean"},
                            },
                            "additionalProperties": {"type": "string"},
                        },
                        "intensity": {"type": "integer", "minimum": 0, "maximum": 10},
                        "need": {"type": "string"},
                        "emotion": {"type": "string"},
                        "pleasantness": _SCORE,
                        "energy": _SCORE,
                        "signs": {"type": "array", "items": {"enum": list(sign_ids())}},
                        "tags": {"type": "array", "items": _TEXT},
                    },
                },
            },
            "affirmations": {"type": "array", "items": _TEXT},
            "younger_self": {
                "type": "object",
                "required": ["name", "ages", "needed", "comforting_words"],
                "additionalProperties": False,
                "properties": {
                    "name": _TEXT,
                    "ages": _TEXT,
                    "needed": _TEXT,
                    "comforting_words": _TEXT,
                },
            },
        },
    }


@cache
def demo_content() -> dict:
    return load_validated(DEMO_FILE, demo_schema()).data


def check_demo_file() -> list[str]:
    """The demo file against its schema; feelings and needs must be in the vocabulary."""
    try:
        document = load_validated(DEMO_FILE, demo_schema())
    except ContentError as exc:
        return exc.problems
    try:
        feelings = set(vocab.feeling_index())
        needs = {need.id for need in vocab.needs()}
    except ContentError:
        return []  # the vocabulary itself is broken; vocab.check_content reports that
    problems = []
    for i, entry in enumerate(document.data["entries"]):
        for key, known in (("emotion", feelings), ("need", needs)):
            if entry.get(key) and entry[key] not in known:
                line = document.line_for(("entries", i, key))
                problems.append(f"{DEMO_FILE}:{line}: entries/{i}/{key}: unknown {entry[key]!r}")
    return problems


def build_demo(member) -> list[str]:
    content = demo_content()
    now = timezone.now()
    created = 0
    for index, fields in enumerate(content["entries"]):
        source = f"demo:journal:{index}"
        if Entry.objects.filter(owner=member, source=source).exists():
            continue
        fields = dict(fields)
        days_ago = fields.pop("days_ago")
        actions.do_create_entry(
            member,
            actions.EntryData(source=source, created_at=now - timedelta(days=days_ago), **fields),
        )
        created += 1
    existing = set(Affirmation.objects.filter(owner=member).values_list("text", flat=True))
    for text in content["affirmations"]:
        if text not in existing:
            actions.do_add_affirmation(member, text)
    if not YoungerSelf.objects.filter(owner=member).exists():
        actions.do_save_younger_self(member, **content["younger_self"])
    return [
        f"journal: {created} new demo entr{'y' if created == 1 else 'ies'}, affirmations and a younger-self profile"
    ]
