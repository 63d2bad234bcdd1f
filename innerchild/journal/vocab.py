"""The journal's content files: feelings vocabulary, unmet needs, prompts and insight markers.

Each file has a JSON Schema and is checked by `innerchild content check`. Labels are the English
source strings, translated with gettext when shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from innerchild.core.content import ContentError, load_validated
from innerchild.core.signs import sign_ids

CONTENT_DIR = Path(__file__).parent / "content"
FEELINGS_FILE = CONTENT_DIR / "feelings.yaml"
NEEDS_FILE = CONTENT_DIR / "needs.yaml"
PROMPTS_FILE = CONTENT_DIR / "prompts.yaml"
MARKERS_FILE = CONTENT_DIR / "insight_markers.yaml"

STAGES = ("recognise", "reconnect", "express", "reparent", "integrate")
_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 2}

FEELINGS_SCHEMA = {
    "type": "object",
    "required": ["families"],
    "additionalProperties": False,
    "properties": {
        "families": {
            "type": "array",
            "minItems": 6,
            "items": {
                "type": "object",
                "required": ["id", "label", "feelings"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "label": _TEXT,
                    "feelings": {
                        "type": "array",
                        "minItems": 3,
                        "items": {
                            "type": "object",
                            "required": ["id", "label"],
                            "additionalProperties": False,
                            "properties": {"id": _ID, "label": _TEXT},
                        },
                    },
                    "words": {"type": "array", "items": _TEXT},
                },
            },
        }
    },
}

NEEDS_SCHEMA = {
    "type": "object",
    "required": ["needs"],
    "additionalProperties": False,
    "properties": {
        "needs": {
            "type": "array",
            "minItems": 7,
            "items": {
                "type": "object",
                "required": ["id", "label", "hint"],
                "additionalProperties": False,
                "properties": {"id": _ID, "label": _TEXT, "hint": _TEXT},
            },
        }
    },
}

PROMPTS_SCHEMA = {
    "type": "object",
    "required": ["prompts"],
    "additionalProperties": False,
    "properties": {
        "prompts": {
            "type": "array",
            "minItems": 60,
            "items": {
                "type": "object",
                "required": ["id", "text", "signs", "stage"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "text": {"type": "string", "minLength": 10},
                    "signs": {
                        "type": "array",
                        "minItems": 1,
                        "uniqueItems": True,
                        "items": {"enum": list(sign_ids())},
                    },
                    "stage": {"enum": list(STAGES)},
                    "format": {
                        "enum": ["entry", "letter_to", "letter_from", "dialogue", "trigger"]
                    },
                },
            },
        }
    },
}

_PHRASES = {"type": "array", "items": _TEXT}
MARKERS_SCHEMA = {
    "type": "object",
    "required": ["self_criticism", "self_compassion", "signs"],
    "additionalProperties": False,
    "properties": {
        "self_criticism": {
            "type": "object",
            "additionalProperties": _PHRASES,
            "required": ["en", "es"],
        },
        "self_compassion": {
            "type": "object",
            "additionalProperties": _PHRASES,
            "required": ["en", "es"],
        },
        "signs": {
            "type": "object",
            "propertyNames": {"enum": list(sign_ids())},
            "additionalProperties": _PHRASES,
        },
    },
}


@dataclass(frozen=True)
class Choice:
    id: str
    label_source: str
    hint_source: str = ""

    @property
    def label(self) -> str:
        return _(self.label_source)

    @property
    def hint(self) -> str:
        return _(self.hint_source) if self.hint_source else ""


@dataclass(frozen=True)
class Family:
    id: str
    label_source: str
    feelings: tuple[Choice, ...]
    words: tuple[str, ...]

    @property
    def label(self) -> str:
        return _(self.label_source)


@dataclass(frozen=True)
class Prompt:
    id: str
    text_source: str
    signs: tuple[str, ...]
    stage: str
    format: str

    @property
    def text(self) -> str:
        return _(self.text_source)


@cache
def families() -> tuple[Family, ...]:
    data = load_validated(FEELINGS_FILE, FEELINGS_SCHEMA).data
    return tuple(
        Family(
            f["id"],
            f["label"],
            tuple(Choice(x["id"], x["label"]) for x in f["feelings"]),
            tuple(w.lower() for w in f.get("words", [])),
        )
        for f in data["families"]
    )


@cache
def feeling_index() -> dict[str, tuple[Choice, Family]]:
    return {feeling.id: (feeling, family) for family in families() for feeling in family.feelings}


@cache
def needs() -> tuple[Choice, ...]:
    data = load_validated(NEEDS_FILE, NEEDS_SCHEMA).data
    return tuple(Choice(n["id"], n["label"], n["hint"]) for n in data["needs"])


def need_label(need_id: str) -> str:
    for need in needs():
        if need.id == need_id:
            return need.label
    return need_id


@cache
def prompts() -> tuple[Prompt, ...]:
    data = load_validated(PROMPTS_FILE, PROMPTS_SCHEMA).data
    return tuple(
        Prompt(p["id"], p["text"], tuple(p["signs"]), p["stage"], p.get("format", "entry"))
        for p in data["prompts"]
    )


@cache
def prompt_index() -> dict[str, Prompt]:
    return {p.id: p for p in prompts()}


@cache
def markers() -> dict:
    return load_validated(MARKERS_FILE, MARKERS_SCHEMA).data


def _unique_ids(path: Path, ids: list[str]) -> list[str]:
    seen, problems = set(), []
    for value in ids:
        if value in seen:
            problems.append(f"{path}:1: duplicate id {value!r}")
        seen.add(value)
    return problems


def check_content() -> list[str]:
    """Every journal content file, validated; problems as `path:line: message`."""
    problems: list[str] = []
    for path, schema in (
        (FEELINGS_FILE, FEELINGS_SCHEMA),
        (NEEDS_FILE, NEEDS_SCHEMA),
        (PROMPTS_FILE, PROMPTS_SCHEMA),
        (MARKERS_FILE, MARKERS_SCHEMA),
    ):
        try:
            document = load_validated(path, schema)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        data = document.data
        if path == FEELINGS_FILE:
            ids = [x["id"] for f in data["families"] for x in f["feelings"]]
            if len(ids) < 60:
                problems.append(f"{path}:1: the vocabulary needs at least 60 feelings ({len(ids)})")
            problems += _unique_ids(path, ids)
            problems += _unique_ids(path, [f["id"] for f in data["families"]])
        elif path == NEEDS_FILE:
            problems += _unique_ids(path, [n["id"] for n in data["needs"]])
        elif path == PROMPTS_FILE:
            problems += _unique_ids(path, [p["id"] for p in data["prompts"]])
            covered = {s for p in data["prompts"] for s in p["signs"]}
            for missing in sorted(set(sign_ids()) - covered):
                problems.append(f"{path}:1: no prompt for the sign {missing!r}")
    return problems
