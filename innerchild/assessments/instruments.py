"""Instruments as data: one YAML file per instrument in content/, validated when loaded.

Other languages have a file of the same name in content/<language>/: either the published
translation, matching the English file in everything but its text (and its own citation and
licence), or, where no translation may be used, `english_only:` with a note in that language;
the English instrument is then shown with that note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from innerchild.core.content import (
    ContentError,
    LoadedDocument,
    content_language,
    load_directory,
    load_validated,
    load_yaml,
    schema_problems,
    translation_path,
    translation_problems,
)

CONTENT_DIR = Path(__file__).parent / "content"

_CONDITION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "metric": {"type": "string", "minLength": 1},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "min_setting": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
        "items": {
            "oneOf": [
                {"const": "all"},
                {"type": "array", "minItems": 1, "items": {"type": "string"}},
            ]
        },
        "any_min": {"type": "integer"},
        "any_max": {"type": "integer"},
        "band": {"type": "string"},
        "flag": {"type": "string"},
        "rule": {"type": "string"},
    },
    "dependentRequired": {
        "min": ["metric"],
        "max": ["metric"],
        "min_setting": ["min"],
        "any_min": ["items"],
        "any_max": ["items"],
    },
}
_TEXT = {"type": "string", "minLength": 2}
_ID = {"type": "string", "pattern": "^[a-z0-9_]+$"}
_OPTIONS = {
    "type": "array",
    "minItems": 2,
    "items": {
        "type": "object",
        "required": ["value", "label"],
        "additionalProperties": False,
        "properties": {"value": {"type": "integer"}, "label": {"type": "string", "minLength": 1}},
    },
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id",
        "title",
        "short_title",
        "version",
        "kind",
        "citation",
        "licence",
        "instructions",
        "stem",
        "recall_period",
        "minimum_age",
        "adolescent_allowed",
        "options",
        "items",
        "scoring",
        "means",
        "does_not_mean",
        "position",
    ],
    "properties": {
        "id": _ID,
        "position": {"type": "integer", "minimum": 1},
        "title": _TEXT,
        "short_title": _TEXT,
        "version": {"type": "string", "pattern": r"^\d+(\.\d+)*$"},
        "kind": {"enum": ["self_check", "validated"]},
        "citation": _TEXT,
        "licence": _TEXT,
        "instructions": _TEXT,
        "framing": _TEXT,
        "opt_in": {"type": "boolean"},
        "stem": _TEXT,
        "recall_period": _TEXT,
        "minimum_age": {"type": "integer", "minimum": 13, "maximum": 99},
        "adolescent_allowed": {"type": "boolean"},
        "reassess_days": {"type": "integer", "minimum": 1},
        "meaningful_change": {
            "type": "object",
            "required": ["metric", "points"],
            "additionalProperties": False,
            "properties": {
                "metric": {"type": "string"},
                "points": {"type": "number", "exclusiveMinimum": 0},
            },
        },
        "options": _OPTIONS,
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["text"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "text": _TEXT,
                    "reverse": {"type": "boolean"},
                    "sign": _ID,
                    "options": _OPTIONS,
                    "asked_if": _CONDITION,
                    "support_note": {"type": "boolean"},
                },
            },
        },
        "scoring": {
            "type": "object",
            "required": ["total"],
            "additionalProperties": False,
            "properties": {
                "total": {"enum": ["sum", "mean", "none"]},
                "round": {"type": "integer", "minimum": 0, "maximum": 4},
                "percent": {"type": "number", "exclusiveMinimum": 0},
                "subscales_per_item": {"type": "boolean"},
                "subscales": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "label", "items", "method"],
                        "additionalProperties": False,
                        "properties": {
                            "id": {"type": "string", "pattern": "^[A-Za-z0-9_]+$"},
                            "label": _TEXT,
                            "items": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                            "method": {"enum": ["sum", "mean"]},
                        },
                    },
                },
            },
        },
        "chart": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "bands": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "label", "meaning"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "when": _CONDITION,
                    "label": _TEXT,
                    "meaning": _TEXT,
                    "safety": {"enum": ["crisis", "crisis_then_asq"]},
                },
            },
        },
        "band_note": _TEXT,
        "flags": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "when", "label"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "when": _CONDITION,
                    "label": _TEXT,
                    "safety": {"enum": ["crisis", "crisis_then_asq"]},
                },
            },
        },
        "next_steps": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "when", "text"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "when": _CONDITION,
                    "text": _TEXT,
                    "professional": {"type": "boolean"},
                },
            },
        },
        "after": {"enum": ["grounding"]},
        "show_total": {"type": "boolean"},
        "means": _TEXT,
        "does_not_mean": _TEXT,
    },
}


TEXT_KEYS = frozenset(
    {
        "title",
        "short_title",
        "instructions",
        "framing",
        "stem",
        "recall_period",
        "label",
        "text",
        "meaning",
        "band_note",
        "means",
        "does_not_mean",
    }
)
# A translation names its own source and terms.
OWN_KEYS = frozenset({"citation", "licence"})
ENGLISH_ONLY_SCHEMA = {
    "type": "object",
    "required": ["id", "english_only"],
    "additionalProperties": False,
    "properties": {"id": _ID, "english_only": _TEXT},
}


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    number: int
    text: str
    options: tuple[Option, ...]
    reverse: bool = False
    sign: str | None = None
    asked_if: dict | None = None
    support_note: bool = False

    @property
    def allowed_values(self) -> tuple[int, ...]:
        return tuple(sorted(option.value for option in self.options))

    def label_for(self, value: int) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return str(value)


@dataclass(frozen=True)
class Subscale:
    id: str
    label: str
    items: tuple[str, ...]
    method: str


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    meaning: str
    when: dict
    safety: str | None = None


@dataclass(frozen=True)
class Flag:
    id: str
    label: str
    when: dict
    safety: str | None = None


@dataclass(frozen=True)
class NextStep:
    id: str
    when: dict
    text: str
    professional: bool = False


@dataclass(frozen=True)
class MeaningfulChange:
    metric: str
    points: float


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    short_title: str
    version: str
    kind: str
    citation: str
    licence: str
    instructions: str
    stem: str
    recall_period: str
    minimum_age: int
    adolescent_allowed: bool
    items: tuple[Item, ...]
    total_method: str
    round_to: int
    percent_multiplier: float | None
    subscales_per_item: bool
    subscales: tuple[Subscale, ...]
    chart: tuple[str, ...]
    bands: tuple[Band, ...]
    flags: tuple[Flag, ...]
    next_steps: tuple[NextStep, ...]
    means: str
    does_not_mean: str
    framing: str = ""
    band_note: str = ""
    opt_in: bool = False
    reassess_days: int | None = None
    meaningful_change: MeaningfulChange | None = None
    after: str | None = None
    show_total: bool = True
    position: int = 100
    path: Path | None = None
    language_note: str = ""

    @property
    def is_self_check(self) -> bool:
        return self.kind == "self_check"

    @property
    def has_percent(self) -> bool:
        return self.percent_multiplier is not None

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def band(self, band_id: str | None) -> Band | None:
        return next((band for band in self.bands if band.id == band_id), None)

    def flag(self, flag_id: str) -> Flag | None:
        return next((flag for flag in self.flags if flag.id == flag_id), None)

    def available_to(self, user) -> bool:
        """Age rules: some instruments are for adults only and hidden in adolescent mode."""
        if user.is_adolescent and not self.adolescent_allowed:
            return False
        return user.age_this_year >= self.minimum_age


def _options(raw: list[dict]) -> tuple[Option, ...]:
    return tuple(Option(int(o["value"]), o["label"]) for o in raw)


def build_instrument(document: LoadedDocument) -> Instrument:
    data = document.data
    default_options = _options(data["options"])
    items = tuple(
        Item(
            id=raw.get("id", str(number)),
            number=number,
            text=raw["text"],
            options=_options(raw["options"]) if "options" in raw else default_options,
            reverse=raw.get("reverse", False),
            sign=raw.get("sign"),
            asked_if=raw.get("asked_if"),
            support_note=raw.get("support_note", False),
        )
        for number, raw in enumerate(data["items"], start=1)
    )
    scoring = data["scoring"]
    change = data.get("meaningful_change")
    default_chart = ["percent"] if "percent" in scoring else ["total"]
    return Instrument(
        position=data["position"],
        id=data["id"],
        title=data["title"],
        short_title=data["short_title"],
        version=data["version"],
        kind=data["kind"],
        citation=data["citation"],
        licence=data["licence"],
        instructions=data["instructions"],
        stem=data["stem"],
        recall_period=data["recall_period"],
        minimum_age=data["minimum_age"],
        adolescent_allowed=data["adolescent_allowed"],
        items=items,
        total_method=scoring["total"],
        round_to=scoring.get("round", 2),
        percent_multiplier=scoring.get("percent"),
        subscales_per_item=scoring.get("subscales_per_item", False),
        subscales=tuple(
            Subscale(s["id"], s["label"], tuple(s["items"]), s["method"])
            for s in scoring.get("subscales", [])
        ),
        chart=tuple(data.get("chart", default_chart)),
        bands=tuple(
            Band(b["id"], b["label"], b["meaning"], b.get("when", {}), b.get("safety"))
            for b in data.get("bands", [])
        ),
        flags=tuple(
            Flag(f["id"], f["label"], f["when"], f.get("safety")) for f in data.get("flags", [])
        ),
        next_steps=tuple(
            NextStep(s["id"], s["when"], s["text"], s.get("professional", False))
            for s in data.get("next_steps", [])
        ),
        means=data["means"],
        does_not_mean=data["does_not_mean"],
        framing=data.get("framing", ""),
        band_note=data.get("band_note", ""),
        opt_in=data.get("opt_in", False),
        reassess_days=data.get("reassess_days"),
        meaningful_change=MeaningfulChange(change["metric"], change["points"]) if change else None,
        after=data.get("after"),
        show_total=data.get("show_total", True),
        path=document.path,
    )


def _consistency_problems(document: LoadedDocument, instrument: Instrument) -> list[str]:
    """What the schema cannot see: references between parts of one file, and to the signs."""
    from innerchild.assessments.rules import RULES
    from innerchild.core.signs import sign_ids

    problems: list[str] = []
    data = document.data

    def problem(path: tuple, message: str) -> None:
        problems.append(f"{document.path}:{document.line_for(path)}: {message}")

    if document.path.stem != instrument.id:
        problem(("id",), f"id {instrument.id!r} must match the file name {document.path.stem!r}")
    item_ids = [item.id for item in instrument.items]
    for index, item in enumerate(instrument.items):
        if item_ids.count(item.id) > 1:
            problem(("items", index), f"item id {item.id!r} is used more than once")
        values = [option.value for option in item.options]
        if len(set(values)) != len(values):
            problem(("items", index), f"item {item.id} has two options with the same value")
        if item.sign is not None and item.sign not in sign_ids():
            problem(("items", index, "sign"), f"unknown sign {item.sign!r}")
    if len(set(v.value for v in _options(data["options"]))) != len(data["options"]):
        problem(("options",), "two options have the same value")
    if instrument.id == "signs":
        signs = [item.sign for item in instrument.items]
        if sorted(s for s in signs if s) != sorted(sign_ids()) or signs != item_ids:
            problem(("items",), "the signs self-check needs one item per sign, with id = sign id")
    metrics = {"total", *(s.id for s in instrument.subscales)}
    if instrument.has_percent:
        metrics.add("percent")
    if instrument.subscales_per_item:
        metrics.update(item_ids)
    for index, subscale in enumerate(instrument.subscales):
        for ref in subscale.items:
            if ref not in item_ids:
                problem(("scoring", "subscales", index), f"subscale refers to unknown item {ref!r}")
    for index, metric in enumerate(instrument.chart):
        if metric not in metrics:
            problem(("chart", index), f"unknown metric {metric!r}")
    if instrument.meaningful_change and instrument.meaningful_change.metric not in metrics:
        problem(("meaningful_change",), "meaningful_change refers to an unknown metric")
    band_ids = {band.id for band in instrument.bands}
    flag_ids = {flag.id for flag in instrument.flags}

    def check_condition(path: tuple, condition: dict) -> None:
        if condition.get("metric") is not None and condition["metric"] not in metrics:
            problem(path, f"unknown metric {condition['metric']!r}")
        refs = condition.get("items")
        if isinstance(refs, list):
            for ref in refs:
                if ref not in item_ids:
                    problem(path, f"unknown item {ref!r}")
        if "rule" in condition and condition["rule"] not in RULES:
            problem(path, f"unknown rule {condition['rule']!r} (known: {', '.join(RULES)})")
        if "band" in condition and condition["band"] not in band_ids:
            problem(path, f"unknown band {condition['band']!r}")
        if "flag" in condition and condition["flag"] not in flag_ids:
            problem(path, f"unknown flag {condition['flag']!r}")

    for index, item in enumerate(instrument.items):
        if item.asked_if:
            check_condition(("items", index, "asked_if"), item.asked_if)
    for key, entries in (
        ("bands", instrument.bands),
        ("flags", instrument.flags),
        ("next_steps", instrument.next_steps),
    ):
        seen = set()
        for index, entry in enumerate(entries):
            if entry.id in seen:
                problem((key, index, "id"), f"{key[:-1]} id {entry.id!r} is used more than once")
            seen.add(entry.id)
            check_condition((key, index, "when"), entry.when)
    if instrument.total_method == "none" and "total" in instrument.chart:
        problem(("chart",), "this instrument has no total to chart")
    return problems


def load_instruments(directory: Path = CONTENT_DIR) -> dict[str, Instrument]:
    """All instruments by id, or ContentError listing every problem with file and line."""
    documents = load_directory(directory, SCHEMA)
    instruments, problems = {}, []
    for document in documents:
        instrument = build_instrument(document)
        problems.extend(_consistency_problems(document, instrument))
        instruments[instrument.id] = instrument
    if problems:
        raise ContentError(problems)
    return instruments


def _translations(english: dict[str, Instrument], language: str) -> tuple[dict, list[str]]:
    """The instruments in `language`, each falling back to English where its file is missing."""
    instruments, problems = {}, []
    for instrument_id, instrument in english.items():
        path = translation_path(instrument.path, language)
        if not path.exists():
            problems.append(f"{path}:1: missing: the {language} version of {path.name}")
            instruments[instrument_id] = instrument
            continue
        try:
            document = load_yaml(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            instruments[instrument_id] = instrument
            continue
        english_only = isinstance(document.data, dict) and "english_only" in document.data
        found = schema_problems(document, ENGLISH_ONLY_SCHEMA if english_only else SCHEMA)
        if found:
            problems.extend(found)
            instruments[instrument_id] = instrument
            continue
        if english_only:
            note = document.data["english_only"]
            instruments[instrument_id] = replace(instrument, language_note=note)
            continue
        found = translation_problems(
            load_validated(instrument.path, SCHEMA), document, TEXT_KEYS, own_keys=OWN_KEYS
        )
        problems.extend(found)
        instruments[instrument_id] = instrument if found else build_instrument(document)
    return instruments, problems


@cache
def _instruments(language: str) -> dict[str, Instrument]:
    english = load_instruments()
    if language == "en":
        return english
    return _translations(english, language)[0]


def all_instruments(language: str | None = None) -> dict[str, Instrument]:
    """Every instrument by id, in `language` (the active one by default)."""
    return _instruments(content_language(language))


def instrument_list() -> list[Instrument]:
    """Instruments in the order they are offered: the self-check first, the ASQ last."""
    return sorted(all_instruments().values(), key=lambda i: (i.position, i.id))


def get_instrument(instrument_id: str) -> Instrument:
    """The instrument, or KeyError for an unknown id."""
    return all_instruments()[instrument_id]


def content_problems() -> list[str]:
    try:
        english = load_instruments()
    except ContentError as exc:
        return exc.problems
    problems: list[str] = []
    for language, _name in settings.LANGUAGES:
        if language != "en":
            problems.extend(_translations(english, language)[1])
    return problems
