"""The ten signs, loaded from content/signs.yaml (content/<language>/signs.yaml for other
languages). Every app names signs by these ids."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from innerchild.core.content import (
    ContentError,
    content_language,
    load_validated,
    translation_path,
    translation_problems,
)

SIGNS_FILE = Path(__file__).parent / "content" / "signs.yaml"
TEXT_KEYS = frozenset({"title", "short"})

SCHEMA = {
    "type": "object",
    "required": ["signs"],
    "additionalProperties": False,
    "properties": {
        "signs": {
            "type": "array",
            "minItems": 10,
            "maxItems": 10,
            "items": {
                "type": "object",
                "required": ["id", "title", "short"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z_]+$"},
                    "title": {"type": "string", "minLength": 3},
                    "short": {"type": "string", "minLength": 3},
                },
            },
        }
    },
}


@dataclass(frozen=True)
class Sign:
    id: str
    title: str
    short: str


@cache
def _signs(language: str) -> tuple[Sign, ...]:
    path = SIGNS_FILE if language == "en" else translation_path(SIGNS_FILE, language)
    if not path.exists():
        path = SIGNS_FILE
    data = load_validated(path, SCHEMA).data
    return tuple(Sign(s["id"], s["title"], s["short"]) for s in data["signs"])


def all_signs(language: str | None = None) -> tuple[Sign, ...]:
    """The signs in `language` (the active one by default)."""
    return _signs(content_language(language))


def sign_ids() -> tuple[str, ...]:
    return tuple(sign.id for sign in _signs("en"))


def check_signs() -> list[str]:
    """The English file and each translation of it, which must match it item for item."""
    try:
        english = load_validated(SIGNS_FILE, SCHEMA)
    except ContentError as exc:
        return exc.problems
    problems: list[str] = []
    for path in sorted(SIGNS_FILE.parent.glob(f"*/{SIGNS_FILE.name}")):
        try:
            translation = load_validated(path, SCHEMA)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(translation_problems(english, translation, TEXT_KEYS))
    return problems


def get_sign(sign_id: str) -> Sign:
    for sign in all_signs():
        if sign.id == sign_id:
            return sign
    raise KeyError(sign_id)
