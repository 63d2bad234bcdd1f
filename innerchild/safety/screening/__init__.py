"""Risk screening of free text: text + language -> level (none | watch | urgent), categories, reasons.

Pure and fast: no database, no network, no model download. Each language is a lexicon file in
content/screening/lexicon/<language>.yaml, validated by LEXICON_SCHEMA, so adding a language is a
data change. See docs/safety.md for the design, the figures and the known blind spots.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from innerchild.core.content import ContentError, load_validated
from innerchild.safety.screening.engine import (
    CATEGORIES,
    LEVEL_RANK,
    NOTHING,
    Lexicon,
    LexiconError,
    Reason,
    Screening,
    build_lexicon,
    screen_with,
)

__all__ = [
    "CATEGORIES",
    "LEVELS",
    "Reason",
    "Screening",
    "check_lexicons",
    "languages",
    "screen",
    "screen_any",
]

LEVELS = tuple(LEVEL_RANK)
LEXICON_DIR = Path(__file__).resolve().parent.parent / "content" / "screening" / "lexicon"
DEFAULT_LANGUAGE = "en"

_LEVEL = {"enum": list(LEVELS)}
_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
LEXICON_SCHEMA = {
    "type": "object",
    "required": ["language", "name", "classes", "cues", "rules"],
    "additionalProperties": False,
    "properties": {
        "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "name": {"type": "string"},
        "common_words": _WORDS,
        "very_common_words": _WORDS,
        "classes": {"type": "object", "additionalProperties": _WORDS},
        "macros": {"type": "object", "additionalProperties": _WORDS},
        "spellings": {"type": "object", "additionalProperties": {"type": "string"}},
        "idioms": _WORDS,
        "cues": {
            "type": "object",
            "required": ["negation", "first_person"],
            "additionalProperties": False,
            "properties": {
                name: _WORDS
                for name in (
                    "negation",
                    "negation_cancel",
                    "clause_words",
                    "first_person",
                    "report",
                    "topic",
                    "conditional",
                    "past",
                    "childhood",
                    "present",
                    "return",
                    "recent",
                    "immediate",
                )
            },
        },
        "rules": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "category", "level", "patterns"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                    "category": {"enum": list(CATEGORIES)},
                    "level": {"enum": ["watch", "urgent"]},
                    "past": _LEVEL,
                    "childhood": _LEVEL,
                    "immediate": _LEVEL,
                    "undated": _LEVEL,
                    "tense": {"enum": ["present", "past"]},
                    "negatable": {"type": "boolean"},
                    "conditional_ok": {"type": "boolean"},
                    "strict": {"type": "boolean"},
                    "source": {"type": "string"},
                    "note": {"type": "string"},
                    "patterns": {**_WORDS, "minItems": 1},
                },
            },
        },
    },
}


def _lexicon_files() -> list[Path]:
    return sorted(LEXICON_DIR.glob("*.yaml"))


def _load(path: Path) -> Lexicon:
    document = load_validated(path, LEXICON_SCHEMA)
    try:
        return build_lexicon(document.data)
    except LexiconError as exc:
        raise ContentError([f"{path}:1: {exc}"]) from None


def check_lexicons() -> list[str]:
    problems: list[str] = []
    seen_ids: dict[str, Path] = {}
    for path in _lexicon_files():
        try:
            lexicon = _load(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if lexicon.language != path.stem:
            problems.append(f"{path}:1: language {lexicon.language!r} must match the file name")
        for rule in lexicon.rules:
            if rule.id in seen_ids and seen_ids[rule.id] == path:
                problems.append(f"{path}:1: rule id {rule.id!r} is used twice")
            seen_ids[rule.id] = path
    if not problems and not _lexicon_files():
        problems.append(f"{LEXICON_DIR}:1: no lexicon files")
    return problems


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, Lexicon]:
    return {path.stem: _load(path) for path in _lexicon_files()}


def languages() -> tuple[str, ...]:
    return tuple(_lexicons())


def lexicon_for(language: str | None) -> Lexicon:
    lexicons = _lexicons()
    code = (language or DEFAULT_LANGUAGE).lower().split("-")[0].split("_")[0]
    return lexicons.get(code) or lexicons[DEFAULT_LANGUAGE]


def screen(text: str, language: str | None = None) -> Screening:
    """Screen `text` with one language's lexicon (English when the language is not known)."""
    if not isinstance(text, str):
        return NOTHING
    return screen_with(text, lexicon_for(language))


def screen_any(text: str, preferred: str | None = None) -> Screening:
    """Screen with every language and keep the highest level: people mix languages."""
    if not isinstance(text, str) or not text.strip():
        return NOTHING
    first = lexicon_for(preferred)
    results = [screen_with(text, first)]
    results += [screen_with(text, lex) for lex in _lexicons().values() if lex is not first]
    best = max(results, key=lambda r: LEVEL_RANK[r.level])
    if best.level == "none":
        return Screening(steps=sum(r.steps for r in results))
    categories = {c for r in results if r.level != "none" for c in r.categories}
    return Screening(
        level=best.level,
        categories=tuple(c for c in CATEGORIES if c in categories),
        reasons=tuple(reason for r in results for reason in r.reasons),
        steps=sum(r.steps for r in results),
    )
