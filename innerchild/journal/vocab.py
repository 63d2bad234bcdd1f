"""The journal's content files: feelings vocabulary, unmet needs, prompts and insight markers.

Each file has a JSON Schema and is checked by `innerchild content check`. Other languages have a
file of the same name in content/<language>/ with the same ids in the same order (checked too);
the functions below return the active language's version.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from innerchild.core.content import (
    ContentError,
    content_language,
    load_validated,
    translation_path,
    translation_problems,
)
from innerchild.core.signs import sign_ids

CONTENT_DIR = Path(__file__).parent / "content"
FEELINGS_FILE = CONTENT_DIR / "feelings.yaml"
NEEDS_FILE = CONTENT_DIR / "needs.yaml"
PROMPTS_FILE = CONTENT_DIR / "prompts.yaml"
MARKERS_FILE = CONTENT_DIR / "insight_markers.yaml"

STAGES = ("recognise", "reconnect", "express", "reparent", "integrate")
_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 2}
TEXT_KEYS = frozenset({"label", "hint", "text"})
# Extra words for the text insights are in the English file for every language.
SHARED_KEYS = frozenset({"words"})

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


_SCHEMAS = {"feelings": FEELINGS_SCHEMA, "needs": NEEDS_SCHEMA, "prompts": PROMPTS_SCHEMA}


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Family:
    id: str
    label: str
    feelings: tuple[Choice, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    signs: tuple[str, ...]
    stage: str
    format: str


@cache
def _load(path: Path, schema_name: str, language: str) -> dict:
    """The file in `language` where it exists, the English one otherwise."""
    translated = translation_path(path, language)
    if language != "en" and translated.exists():
        path = translated
    return load_validated(path, _SCHEMAS[schema_name]).data


@cache
def _families(language: str) -> tuple[Family, ...]:
    english = _load(FEELINGS_FILE, "feelings", "en")["families"]
    data = _load(FEELINGS_FILE, "feelings", language)["families"]
    return tuple(
        Family(
            f["id"],
            f["label"],
            tuple(Choice(x["id"], x["label"]) for x in f["feelings"]),
            tuple(w.lower() for w in en.get("words", [])),
        )
        for f, en in zip(data, english, strict=True)
    )


def families(language: str | None = None) -> tuple[Family, ...]:
    return _families(content_language(language))


def feeling_index(language: str | None = None) -> dict[str, tuple[Choice, Family]]:
    return {
        feeling.id: (feeling, family)
        for family in families(language)
        for feeling in family.feelings
    }


@cache
def _needs(language: str) -> tuple[Choice, ...]:
    data = _load(NEEDS_FILE, "needs", language)
    return tuple(Choice(n["id"], n["label"], n["hint"]) for n in data["needs"])


def needs(language: str | None = None) -> tuple[Choice, ...]:
    return _needs(content_language(language))


def need_label(need_id: str) -> str:
    for need in needs():
        if need.id == need_id:
            return need.label
    return need_id


@cache
def _prompts(language: str) -> tuple[Prompt, ...]:
    data = _load(PROMPTS_FILE, "prompts", language)
    return tuple(
        Prompt(p["id"], p["text"], tuple(p["signs"]), p["stage"], p.get("format", "entry"))
        for p in data["prompts"]
    )


def prompts(language: str | None = None) -> tuple[Prompt, ...]:
    return _prompts(content_language(language))


def prompt_index(language: str | None = None) -> dict[str, Prompt]:
    return {p.id: p for p in prompts(language)}


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


def translated_files() -> list[tuple[Path, dict]]:
    """The files shown to people, which every language in settings.LANGUAGES has."""
    return [
        (FEELINGS_FILE, FEELINGS_SCHEMA),
        (NEEDS_FILE, NEEDS_SCHEMA),
        (PROMPTS_FILE, PROMPTS_SCHEMA),
    ]


def translation_check() -> list[str]:
    """Each language's version of each file: present, valid and matching English item for item."""
    problems: list[str] = []
    for path, schema in translated_files():
        try:
            english = load_validated(path, schema)
        except ContentError:
            continue  # check_content reports the English file
        for language, _name in settings.LANGUAGES:
            if language == "en":
                continue
            translated = translation_path(path, language)
            if not translated.exists():
                problems.append(f"{translated}:1: missing: the {language} version of {path.name}")
                continue
            try:
                translation = load_validated(translated, schema)
            except ContentError as exc:
                problems.extend(exc.problems)
                continue
            problems.extend(
                translation_problems(english, translation, TEXT_KEYS, shared_keys=SHARED_KEYS)
            )
    return problems


def check_content() -> list[str]:
    """Every journal content file, validated; problems as `path:line: message`."""
    problems: list[str] = translation_check()
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
