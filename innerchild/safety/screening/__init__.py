"""Risk screening of free text: text + language -> level (none | watch | urgent), categories, reasons.

Pure and fast: no database, no network, no model download. Each language is a lexicon file in
content/screening/lexicon/<language>.yaml, validated by LEXICON_SCHEMA, so adding a language is a
data change. Beside the rules, a small trained model per language
(content/screening/model/<language>.json, validated by MODEL_SCHEMA) can raise a text the rules
found nothing in to `watch` (category `possible_risk`), never to `urgent`. See docs/safety.md for
the design, the figures and the known blind spots.
"""

from __future__ import annotations

import json
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
    rules_on_tokens,
    screen_with,
)
from innerchild.safety.screening.lexicon import tokenise
from innerchild.safety.screening.model import (
    MODEL_SCHEMA,
    Model,
    best_window,
    build_model,
    probability,
)

__all__ = [
    "ALL_CATEGORIES",
    "CATEGORIES",
    "LEVELS",
    "MODEL_CATEGORY",
    "Reason",
    "Screening",
    "check_lexicons",
    "languages",
    "screen",
    "screen_any",
    "screen_rules",
    "screen_with_model",
]

LEVELS = tuple(LEVEL_RANK)
LEXICON_DIR = Path(__file__).resolve().parent.parent / "content" / "screening" / "lexicon"
MODEL_DIR = LEXICON_DIR.parent / "model"
MODEL_CATEGORY = "possible_risk"
MODEL_RULE = "statistical_model"
ALL_CATEGORIES = (*CATEGORIES, MODEL_CATEGORY)
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
    return problems + check_models()


def _model_files() -> list[Path]:
    return sorted(MODEL_DIR.glob("*.json"))


def _load_model(path: Path) -> Model:
    document = load_validated(path, MODEL_SCHEMA)
    try:
        # The YAML loader keeps line numbers; JSON decides what the numbers are.
        json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ContentError(
            [f"{path}:{getattr(exc, 'lineno', 1)}: not valid JSON ({exc})"]
        ) from None
    return build_model(document.data)


def check_models() -> list[str]:
    problems: list[str] = []
    lexicons = {path.stem for path in _lexicon_files()}
    for path in _model_files():
        try:
            model = _load_model(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if model.language != path.stem:
            problems.append(f"{path}:1: language {model.language!r} must match the file name")
        elif model.language not in lexicons:
            problems.append(f"{path}:1: no lexicon for language {model.language!r}")
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


@lru_cache(maxsize=1)
def _models() -> dict[str, Model]:
    return {path.stem: _load_model(path) for path in _model_files()}


def model_for(lexicon: Lexicon, *, even_if_disabled: bool = False) -> Model | None:
    model = _models().get(lexicon.language)
    if model is None or not (model.enabled or even_if_disabled):
        return None
    return model


def screen_rules(text: str, language: str | None = None) -> Screening:
    """The rules alone, without the statistical model (for measuring and training)."""
    if not isinstance(text, str):
        return NOTHING
    return screen_with(text, lexicon_for(language))


def _screen_lexicon(text: str, lexicon: Lexicon, *, with_model: bool | None = None) -> Screening:
    """Rules, then the model if the rules found nothing. with_model: None = the model if it is
    enabled; True = the shipped model even if disabled (to measure it); False = rules only."""
    if not text or not text.strip():
        return NOTHING
    tokens = tokenise(text, lexicon)
    result = rules_on_tokens(tokens, lexicon)
    if result.level != "none" or with_model is False:
        return result
    model = model_for(lexicon, even_if_disabled=bool(with_model))
    if model is None:
        return result
    best = best_window(tokens, model, result.quiet)
    steps = result.steps + len(tokens)
    if best is None or best[0] < model.logit_threshold:
        return Screening(steps=steps, quiet=result.quiet)
    logit, start, end = best
    phrase = " ".join(tokens[start:end])
    if len(phrase) > 200:
        phrase = phrase[:199] + "\u2026"
    reason = Reason(
        MODEL_RULE,
        MODEL_CATEGORY,
        "watch",
        f"statistical model ({probability(logit):.2f}): {phrase}",
    )
    return Screening(
        level="watch",
        categories=(MODEL_CATEGORY,),
        reasons=(reason,),
        steps=steps,
        quiet=result.quiet,
    )


def screen(text: str, language: str | None = None) -> Screening:
    """Screen `text` with one language's lexicon, and its model if enabled (English when the
    language is not known). The model only ever raises `none` to `watch`."""
    if not isinstance(text, str):
        return NOTHING
    return _screen_lexicon(text, lexicon_for(language))


def screen_with_model(text: str, language: str | None = None) -> Screening:
    """Rules + the shipped model, even when the model is not enabled: for measuring it."""
    if not isinstance(text, str):
        return NOTHING
    return _screen_lexicon(text, lexicon_for(language), with_model=True)


def screen_any(text: str, preferred: str | None = None) -> Screening:
    """Screen with every language and keep the highest level: people mix languages."""
    if not isinstance(text, str) or not text.strip():
        return NOTHING
    first = lexicon_for(preferred)
    results = [_screen_lexicon(text, first)]
    # The model only for the person's own language: another language's text is mostly words it
    # never saw, and the few it shares ("a", "me", "no") carry weights from the wrong language.
    results += [
        _screen_lexicon(text, lex, with_model=False)
        for lex in _lexicons().values()
        if lex is not first
    ]
    best = max(results, key=lambda r: LEVEL_RANK[r.level])
    if best.level == "none":
        return Screening(steps=sum(r.steps for r in results))
    categories = {c for r in results if r.level != "none" for c in r.categories}
    return Screening(
        level=best.level,
        categories=tuple(c for c in ALL_CATEGORIES if c in categories),
        reasons=tuple(reason for r in results for reason in r.reasons),
        steps=sum(r.steps for r in results),
    )
