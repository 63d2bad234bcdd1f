"""Risk screening of free text: text + language -> level (none | watch | urgent), categories, reasons.

Pure and fast: no database, no network, no model download. Two layers:

- the rules: a lexicon per language (content/screening/lexicon/<language>.yaml, LEXICON_SCHEMA),
  precise phrase patterns with their context (negation, someone else's words, time framing);
- the model (model.py): the structured reading of each clause (meaning.py: who, when, what,
  frame; word lists in content/screening/meaning/<language>.yaml), words and character n-grams,
  and what the rules found, weighed by two logistic regressions trained by
  bench/train_screener.py and shipped as data (content/screening/model/model.json). The model
  decides the level; the rules are among its features.

Adding a language is a data change: a lexicon, a meaning file, training texts in
content/screening/corpus/<language>.yaml, and a retrained model. See docs/safety.md.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jsonschema

from innerchild.core.content import ContentError, load_validated
from innerchild.safety.screening.document import (
    DOCUMENT_SCHEMA,
    DocumentModel,
    build_document_model,
)
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
from innerchild.safety.screening.lexicon import MAX_REASONS, SENTENCE_END, tokenise
from innerchild.safety.screening.meaning import (
    MEANING_SCHEMA,
    Reading,
    build_reading,
    read_sentences,
    sentence_of_token,
)
from innerchild.safety.screening.model import (
    MODEL_SCHEMA,
    Model,
    build_model,
    probability,
    score,
)
from innerchild.safety.screening.written import check_written

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
MEANING_DIR = LEXICON_DIR.parent / "meaning"
CORPUS_DIR = LEXICON_DIR.parent / "corpus"
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
    return problems + check_models() + check_written()


MODEL_FILE = MODEL_DIR / "model.json"
DOCUMENT_FILE = MODEL_DIR / "document.json"

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
# content/screening/corpus/<language>.yaml: the training texts of the model (bench/train_screener.py).
CORPUS_SCHEMA = {
    "type": "object",
    "required": ["language", "slots", "filler", "painful_safe", "families", "forms"],
    "additionalProperties": False,
    "properties": {
        "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "slots": {"type": "object", "additionalProperties": _STRINGS},
        "filler": _STRINGS,
        "painful_safe": _STRINGS,
        "families": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["family", "level", "texts"],
                "additionalProperties": False,
                "properties": {
                    "family": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                    "level": {"enum": list(LEVELS)},
                    "texts": _STRINGS,
                },
            },
        },
        "forms": {"type": "object"},
    },
}


def _meaning_files() -> list[Path]:
    return sorted(MEANING_DIR.glob("*.yaml"))


def _load_reading(path: Path) -> Reading:
    document = load_validated(path, MEANING_SCHEMA)
    try:
        return build_reading(document.data)
    except ValueError as exc:
        raise ContentError([f"{path}:1: {exc}"]) from None


# The weight tables hold tens of thousands of entries: checking each against the schema with
# jsonschema took about 3 s a model, paid by the first text a new server process screened (a
# live chat message waited for it). Their entries are checked by a plain loop instead; the rest
# of the document still goes through the schema.
WEIGHT_TABLES = {
    "model": {"words": 2, "pairs": 2, "chars": 2, "structure": 2},
    "document": {"words": 3, "chars": 3, "other": 2},
}


def _table_problems(data: dict, tables: dict[str, int]) -> list[str]:
    problems = []
    for name, width in tables.items():
        table = data.get(name)
        if not isinstance(table, dict):
            problems.append(f"{name}: must be an object")
            continue
        for key, value in table.items():
            if not (
                isinstance(value, list)
                and len(value) == width
                and all(isinstance(x, int | float) and not isinstance(x, bool) for x in value)
            ):
                problems.append(f"{name}/{key}: must be a list of {width} numbers")
                break
    return problems


def _validated_json(path: Path, schema: dict, tables: dict[str, int]) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ContentError(
            [f"{path}:{getattr(exc, 'lineno', 1)}: not valid JSON ({exc})"]
        ) from None
    outline = {**schema, "properties": dict(schema["properties"])}
    for name in tables:
        outline["properties"][name] = {"type": "object"}
    try:
        jsonschema.validate(data, outline)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
        raise ContentError([f"{path}:1: {where}: {exc.message}"]) from None
    problems = _table_problems(data, tables)
    if problems:
        raise ContentError([f"{path}:1: {problem}" for problem in problems])
    return data


def _load_model(path: Path) -> Model:
    return build_model(_validated_json(path, MODEL_SCHEMA, WEIGHT_TABLES["model"]))


def _load_document_model(path: Path) -> DocumentModel:
    return build_document_model(_validated_json(path, DOCUMENT_SCHEMA, WEIGHT_TABLES["document"]))


def check_models() -> list[str]:
    """The meaning files, the training corpus and the model: valid, and a meaning file for each
    model language."""
    problems: list[str] = []
    readings = set()
    for path in _meaning_files():
        try:
            reading = _load_reading(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if reading.language != path.stem:
            problems.append(f"{path}:1: language {reading.language!r} must match the file name")
        readings.add(reading.language)
    for path in sorted(CORPUS_DIR.glob("*.yaml")):
        try:
            corpus = load_validated(path, CORPUS_SCHEMA).data
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if corpus["language"] != path.stem:
            problems.append(f"{path}:1: language {corpus['language']!r} must match the file name")
    if DOCUMENT_FILE.exists():
        try:
            _load_document_model(DOCUMENT_FILE)
        except ContentError as exc:
            problems.extend(exc.problems)
    if MODEL_FILE.exists():
        try:
            model = _load_model(MODEL_FILE)
        except ContentError as exc:
            return problems + exc.problems
        for language in model.languages:
            if language not in readings:
                problems.append(f"{MODEL_FILE}:1: no meaning file for language {language!r}")
    return problems


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, Lexicon]:
    return {path.stem: _load(path) for path in _lexicon_files()}


@lru_cache(maxsize=1)
def _readings() -> dict[str, Reading]:
    readings = {path.stem: _load_reading(path) for path in _meaning_files()}
    for code, reading in readings.items():
        # Function words no other language shares ("a", "me", "no" are in several).
        shared = set().union(*(r.function_words for c, r in readings.items() if c != code))
        object.__setattr__(reading, "own_words", reading.function_words - shared)
    return readings


@lru_cache(maxsize=1)
def _model() -> Model | None:
    return _load_model(MODEL_FILE) if MODEL_FILE.exists() else None


@lru_cache(maxsize=1)
def _document_model() -> DocumentModel | None:
    return _load_document_model(DOCUMENT_FILE) if DOCUMENT_FILE.exists() else None


def languages() -> tuple[str, ...]:
    return tuple(_lexicons())


def _code(language: str | None) -> str:
    return (language or DEFAULT_LANGUAGE).lower().split("-")[0].split("_")[0]


def lexicon_for(language: str | None) -> Lexicon:
    lexicons = _lexicons()
    return lexicons.get(_code(language)) or lexicons[DEFAULT_LANGUAGE]


def screen_rules(text: str, language: str | None = None) -> Screening:
    """The rules alone, without the model (for measuring and training)."""
    if not isinstance(text, str):
        return NOTHING
    return screen_with(text, lexicon_for(language))


@dataclass(frozen=True)
class Analysis:
    """What the model reads: tokens, sentences with features, text features, rule results."""

    tokens: list
    sentences: list
    text_features: frozenset
    rules: tuple  # one Screening per lexicon, the person's language first
    language: str


def _rule_marks(result: Screening, tokens: list[str], marks: dict) -> None:
    if result.level == "none" and not result.quiet:
        return
    sentence_of = sentence_of_token(tokens)
    last = len(tokens) - 1
    for reason in result.reasons:
        if reason.start < 0:
            continue
        index = sentence_of[min(reason.start, last)]
        marks.setdefault(index, set()).update(
            ("r:" + reason.level, f"r:{reason.level}:{reason.category}")
        )
    for start, _end in result.quiet:
        marks.setdefault(sentence_of[min(start, last)], set()).add("r:quiet")


OTHER_LANGUAGE_SHARE = 0.1


def _written_in(tokens: list[str], reading: Reading | None) -> bool:
    """Whether enough of the text is in this reading's language for its rules to run even
    without one of their anchor words (spellings may hide them): another language's rules cost
    as much as the person's own, and find nothing in a text without it."""
    if reading is None:
        return True
    words = reading.own_words
    return sum(map(words.__contains__, tokens)) >= max(2, OTHER_LANGUAGE_SHARE * len(tokens))


def analyse(text: str, preferred: str | None = None) -> Analysis:
    """Tokens in the person's language, every lexicon's rules, and the structured reading."""
    first = lexicon_for(preferred)
    tokens = tokenise(text, first)
    results = []
    marks: dict[int, set] = {}
    readings = _readings()
    for lexicon in (first, *(lex for lex in _lexicons().values() if lex is not first)):
        if (
            lexicon is not first
            and lexicon.anchors.isdisjoint(tokens)
            and not _written_in(tokens, readings.get(lexicon.language))
        ):
            continue
        own = tokens if lexicon is first else tokenise(text, lexicon)
        result = rules_on_tokens(own, lexicon)
        results.append(result)
        _rule_marks(result, own, marks)
    ordered = [readings[first.language]] if first.language in readings else []
    ordered += [r for code, r in readings.items() if code != first.language]
    sentences, text_features = read_sentences(tokens, ordered, marks)
    return Analysis(tokens, sentences, text_features, tuple(results), first.language)


_TAG_CATEGORY = (
    ("danger", "harm_from_others"),
    ("harm_marks", "self_harm"),
    ("hopeless", "hopelessness"),
    ("passive", "suicidal_ideation"),
    ("thoughts", "suicidal_ideation"),
    ("join_dead", "suicidal_ideation"),
    ("death", "suicidal_ideation"),
)
_PLAN_TAGS = frozenset(
    ("intent", "method", "place", "preparation", "farewell", "underway", "search")
)


def _categories(level: str, rules: tuple, tags: frozenset) -> tuple[str, ...]:
    found = {c for r in rules if r.level != "none" for c in r.categories}
    if not found:
        found = {category for tag, category in _TAG_CATEGORY if tag in tags}
        if tags & _PLAN_TAGS:
            found.add("suicide_plan_or_intent" if level == "urgent" else "suicidal_ideation")
    if not found:
        found = {MODEL_CATEGORY}
    return tuple(c for c in ALL_CATEGORIES if c in found)


def _rules_only(results: tuple) -> Screening:
    best = max(results, key=lambda r: LEVEL_RANK[r.level])
    steps = sum(r.steps for r in results)
    if best.level == "none":
        return Screening(steps=steps)
    categories = {c for r in results if r.level != "none" for c in r.categories}
    return Screening(
        level=best.level,
        categories=tuple(c for c in ALL_CATEGORIES if c in categories),
        reasons=tuple(reason for r in results for reason in r.reasons),
        steps=steps,
    )


# A rule's urgent wording makes a flagged text urgent unless the model is sure it is not (urgent
# probability below 0.3). Chosen on the out-of-fold scores of bench/train_screener.py: it keeps
# the urgent texts found (English 0.544 -> 0.541) and calls fewer watch texts urgent (0.060 ->
# 0.046; Spanish 0.094 -> 0.086), such as a passive wish with a time word.
RULES_URGENT_AT = math.log(0.3 / 0.7)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def decide(analysis: Analysis, model: Model) -> Screening:
    """The level from the document model (the whole text, with the window model's best
    windows and the rules as evidence) when it is there, else from the window model alone; the
    wording shown as the reason is the window model's best window, with the rules' reasons when
    they agree."""
    scored = score(model, analysis.tokens, analysis.sentences, analysis.text_features)
    steps = sum(r.steps for r in analysis.rules) + 2 * len(analysis.tokens)
    # The rules are precise about the wording they know; the models decide whether it is meant.
    rules_level = max((r.level for r in analysis.rules), key=LEVEL_RANK.__getitem__)
    document = _document_model()
    if document is not None:
        structure = frozenset().union(
            analysis.text_features, *(s.features for s in analysis.sentences)
        )
        risk, urgent = document.score(
            analysis.tokens, rules_level, scored.risk, scored.urgent, structure
        )
        chosen = document.thresholds_for(analysis.language)
        risk_at, with_rules_at, urgent_at = (
            _logit(chosen["risk"]),
            _logit(chosen["risk_with_rules"]),
            _logit(chosen["urgent"]),
        )
        sure = document.window_sure_for(analysis.language)
        window_sure = scored.risk >= _logit(sure["risk"]) or (
            rules_level == "urgent" and scored.risk >= _logit(sure["risk_with_urgent_rules"])
        )
        window_urgent = scored.urgent >= _logit(sure["urgent"])
    else:
        risk, urgent = scored.risk, scored.urgent
        risk_at, with_rules_at, urgent_at = model.thresholds_for(analysis.language)
        window_sure = window_urgent = False
    flagged = risk >= risk_at or (rules_level != "none" and risk >= with_rules_at) or window_sure
    if not flagged:
        return Screening(steps=steps)
    if (
        urgent >= urgent_at
        or (rules_level == "urgent" and urgent >= RULES_URGENT_AT)
        or (window_sure and window_urgent)
    ):
        level, logit, span, tags = "urgent", urgent, scored.urgent_span, scored.urgent_tags
    else:
        level, logit, span, tags = "watch", risk, scored.risk_span, scored.risk_tags
    phrase = " ".join(t for t in analysis.tokens[span[0] : span[1]] if t not in SENTENCE_END)
    if len(phrase) > 200:
        phrase = phrase[:199] + "\u2026"
    rule_reasons = tuple(
        reason for r in analysis.rules for reason in r.reasons if reason.level == level
    )
    categories = _categories(level, analysis.rules, tags)
    own = Reason(MODEL_RULE, categories[0], level, f"model ({probability(logit):.2f}): {phrase}")
    return Screening(
        level=level,
        categories=categories,
        reasons=(own, *rule_reasons)[:MAX_REASONS],
        steps=steps,
    )


def screen_any(text: str, preferred: str | None = None) -> Screening:
    """Screen with every language's rules and the model, reading the text in the person's
    language first: people mix languages."""
    if not isinstance(text, str) or not text.strip():
        return NOTHING
    analysis = analyse(text, preferred)
    model = _model()
    if model is None:
        return _rules_only(analysis.rules)
    return decide(analysis, model)


def screen(text: str, language: str | None = None) -> Screening:
    """Screen `text` as written by a person whose language is `language` (English when the
    language is not known). Every lexicon's rules run, because people mix languages."""
    return screen_any(text, language)


def screen_with_model(text: str, language: str | None = None) -> Screening:
    """The same as screen(); kept for the benchmarks that compare it with screen_rules()."""
    return screen_any(text, language)
