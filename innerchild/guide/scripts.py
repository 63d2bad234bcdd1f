"""Session scripts: YAML files under content/scripts/<language>/, one script per file.

Nothing in code lists the scripts: adding a valid file adds a session. Every file is checked
against SCHEMA (with file and line in each error) and then against the session arc rules in
`arc_problems`. A broken file stops the app from starting (see apps.py) and fails
`innerchild content check`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders

from innerchild.core.content import (
    ContentError,
    LoadedDocument,
    load_yaml,
    parse_yaml,
    schema_problems,
    translation_problems,
)
from innerchild.core.signs import sign_ids

SCRIPTS_DIR = Path(__file__).parent / "content" / "scripts"

INTENSITIES = ("gentle", "moderate", "deep")
STAGES = ("grounding", "meeting", "processing", "reparenting", "integrating")
STEP_TYPES = (
    "checkin",
    "intention",
    "grounding",
    "breath",
    "visualization",
    "prompt",
    "choice",
    "reparent",
    "closing",
    "reflection",
    "trigger",
)
# Steps where the person types or picks something; the others only need "continue".
ANSWER_STEPS = ("checkin", "intention", "prompt", "choice", "reparent", "reflection", "trigger")
MAX_DURATION = 120
# What a translation of a script changes; everything else (ids, step types, timings) must match
# the English script.
TEXT_KEYS = frozenset(
    {
        "title",
        "summary",
        "text",
        "say",
        "question",
        "hint",
        "label",
        "suggestions",
        "questions",
        "hope_label",
        "concern_label",
        "voices",
    }
)

_TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
_LINE = {
    "oneOf": [
        _TEXT,
        {
            "type": "object",
            "required": ["say"],
            "additionalProperties": False,
            "properties": {
                "say": _TEXT,
                "pause": {"type": "integer", "minimum": 0, "maximum": 300},
            },
        },
    ]
}
_LINES = {"type": "array", "minItems": 1, "maxItems": 80, "items": _LINE}
_COMMON = {
    "type": {"type": "string"},
    "title": {"type": "string", "minLength": 1, "maxLength": 120},
    "text": _TEXT,
}


def _step(required: list[str], **properties: Any) -> dict:
    return {
        "required": required,
        "additionalProperties": False,
        "properties": {**_COMMON, **properties},
    }


STEP_SCHEMAS: dict[str, dict] = {
    "checkin": _step(
        ["phase"],
        phase={"enum": ["before", "during", "after"]},
        question=_TEXT,
    ),
    "intention": _step([], hope_label=_TEXT, concern_label=_TEXT),
    "grounding": _step(["lines"], lines=_LINES, timer={"type": "integer", "minimum": 10}),
    "breath": _step(
        ["pattern", "cycles"],
        pattern={
            "type": "object",
            "required": ["in", "out"],
            "additionalProperties": False,
            "properties": {
                "in": {"type": "integer", "minimum": 1, "maximum": 12},
                "hold": {"type": "integer", "minimum": 0, "maximum": 12},
                "out": {"type": "integer", "minimum": 1, "maximum": 12},
                "rest": {"type": "integer", "minimum": 0, "maximum": 12},
            },
        },
        cycles={"type": "integer", "minimum": 1, "maximum": 30},
    ),
    "visualization": _step(
        ["lines"],
        lines=_LINES,
        audio={"type": "string", "pattern": r"^guide/audio/[a-z0-9_\-./]+\.(ogg|mp3|m4a|wav)$"},
        photo={"type": "boolean"},
    ),
    "prompt": _step(
        ["question"],
        question=_TEXT,
        mode={"enum": ["text", "dialogue"]},
        voices={
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"type": "string", "minLength": 1, "maxLength": 60},
        },
        hint=_TEXT,
        timer={"type": "integer", "minimum": 10, "maximum": 3600},
    ),
    "choice": _step(
        ["question", "options"],
        question=_TEXT,
        multiple={"type": "boolean"},
        options={
            "type": "array",
            "minItems": 2,
            "maxItems": 12,
            "items": {
                "type": "object",
                "required": ["id", "label"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                    "label": {"type": "string", "minLength": 1, "maxLength": 200},
                },
            },
        },
    ),
    "reparent": _step(
        ["question", "suggestions"],
        question=_TEXT,
        suggestions={
            "type": "array",
            "minItems": 1,
            "maxItems": 12,
            "items": {"type": "string", "minLength": 1, "maxLength": 300},
        },
    ),
    "closing": _step(["kind", "lines"], kind={"enum": ["safe_place", "container"]}, lines=_LINES),
    "reflection": _step(
        [], questions={"type": "array", "minItems": 1, "maxItems": 2, "items": _TEXT}
    ),
    "trigger": _step([], question=_TEXT),
}


def script_schema() -> dict:
    step_rules = [
        {"if": {"properties": {"type": {"const": kind}}}, "then": schema}
        for kind, schema in STEP_SCHEMAS.items()
    ]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "title",
            "summary",
            "stage",
            "duration",
            "intensity",
            "minimum_age",
            "language",
            "signs",
            "steps",
        ],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,62}$"},
            "title": {"type": "string", "minLength": 3, "maxLength": 120},
            "summary": {"type": "string", "minLength": 10, "maxLength": 600},
            "stage": {"enum": list(STAGES)},
            "duration": {"type": "integer", "minimum": 1, "maximum": MAX_DURATION},
            "intensity": {"enum": list(INTENSITIES)},
            "minimum_age": {"type": "integer", "minimum": 13, "maximum": 99},
            "language": {"enum": [code for code, _name in settings.LANGUAGES]},
            "signs": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"enum": list(sign_ids())},
            },
            "needs": {"enum": ["photo", "trigger"]},
            "steps": {
                "type": "array",
                "minItems": 5,
                "items": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {"type": {"enum": list(STEP_TYPES)}},
                    "allOf": step_rules,
                },
            },
        },
    }


@dataclass(frozen=True)
class Line:
    say: str
    pause: int


@dataclass(frozen=True)
class Step:
    index: int
    type: str
    data: dict = field(hash=False, compare=False)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def title(self) -> str:
        return self.data.get("title", "")

    @property
    def text(self) -> str:
        return self.data.get("text", "")

    @property
    def lines(self) -> list[Line]:
        return [
            Line(item, 4) if isinstance(item, str) else Line(item["say"], item.get("pause", 4))
            for item in self.data.get("lines", [])
        ]

    @property
    def takes_answer(self) -> bool:
        return self.type in ANSWER_STEPS

    @property
    def seconds(self) -> int:
        """How long the paced parts of this step take, at the least."""
        if self.type == "breath":
            pattern = self.data["pattern"]
            cycle = sum(pattern.get(k, 0) for k in ("in", "hold", "out", "rest"))
            return cycle * self.data["cycles"]
        return sum(line.pause for line in self.lines) + self.data.get("timer", 0)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass(frozen=True)
class Script:
    id: str
    title: str
    summary: str
    stage: str
    duration: int
    intensity: str
    minimum_age: int
    language: str
    signs: tuple[str, ...]
    steps: tuple[Step, ...]
    path: Path
    needs: str = ""

    @property
    def is_deep(self) -> bool:
        return self.intensity == "deep"

    def step(self, index: int) -> Step:
        return self.steps[index]

    def first_index(self, kind: str, phase: str | None = None) -> int | None:
        for step in self.steps:
            if step.type == kind and (phase is None or step.get("phase") == phase):
                return step.index
        return None


def arc_problems(document: LoadedDocument, language: str) -> list[str]:
    """The rules a schema cannot say: file name, language folder, the shape of the session arc."""
    data, path = document.data, document.path
    problems = []

    def problem(json_path: tuple, message: str) -> None:
        problems.append(f"{path}:{document.line_for(json_path)}: {message}")

    if path.stem != data["id"]:
        problem(("id",), f"id {data['id']!r} must match the file name {path.stem!r}")
    if data["language"] != language:
        problem(("language",), f"language {data['language']!r} but the file is in {language}/")
    steps = data["steps"]
    kinds = [(s["type"], s.get("phase")) for s in steps]
    if kinds[0] != ("checkin", "before"):
        problem(("steps", 0), "the first step must be a check-in with phase: before")
    if ("intention", None) not in kinds[:4]:
        problem(("steps",), "an intention step must come within the first four steps")
    if [k for k, _p in kinds[-3:]] != ["closing", "checkin", "reflection"] or kinds[-2][1] != (
        "after"
    ):
        problem(
            ("steps", len(steps) - 1),
            "the last three steps must be closing, check-in (phase: after) and reflection",
        )
    for i, (kind, phase) in enumerate(kinds):
        if kind == "checkin" and phase == "before" and i != 0:
            problem(("steps", i, "phase"), "only the first step may be the 'before' check-in")
        if kind == "checkin" and phase == "after" and i != len(steps) - 2:
            problem(("steps", i, "phase"), "the 'after' check-in belongs just before reflection")
        if kind == "trigger" and data.get("needs") != "trigger":
            problem(("steps", i, "type"), "a trigger step needs `needs: trigger` on the script")
        step = steps[i]
        if step.get("mode") == "dialogue" and "voices" not in step:
            problem(("steps", i, "mode"), "a dialogue prompt needs two `voices`")
        audio = step.get("audio")
        if audio and not finders.find(audio):
            problem(("steps", i, "audio"), f"audio file {audio!r} is not in any static folder")
    paced = sum(Step(i, s["type"], s).seconds for i, s in enumerate(steps))
    if paced > data["duration"] * 60:
        problem(
            ("duration",),
            f"duration {data['duration']} minutes is shorter than the paced parts "
            f"({(paced + 59) // 60} minutes)",
        )
    return problems


def _to_script(document: LoadedDocument) -> Script:
    data = document.data
    return Script(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        stage=data["stage"],
        duration=data["duration"],
        intensity=data["intensity"],
        minimum_age=data["minimum_age"],
        language=data["language"],
        signs=tuple(data["signs"]),
        steps=tuple(Step(i, s["type"], s) for i, s in enumerate(data["steps"])),
        path=document.path,
        needs=data.get("needs", ""),
    )


def script_from_text(
    text: str, language: str, name: str = "script"
) -> tuple[Script | None, list[str]]:
    """A script written somewhere other than a file (a facilitator's own), checked exactly like
    the shipped ones: (script, []) or (None, problems), each problem `name.yaml:line: message`."""
    try:
        document = parse_yaml(text, Path(f"{name}.yaml"))
    except ContentError as exc:
        return None, exc.problems
    if isinstance(document.data, dict) and isinstance(document.data.get("id"), str):
        # The id names the file for shipped scripts; here there is no file to disagree with.
        document = replace(document, path=Path(f"{document.data['id']}.yaml"))
    problems = schema_problems(document, script_schema()) or arc_problems(document, language)
    if problems:
        return None, problems
    return _to_script(document), []


def load_scripts(directory: Path | None = None) -> dict[tuple[str, str], Script]:
    """Every script under `directory`/<language>/, keyed by (language, id); ContentError lists
    every problem in every file."""
    directory = directory or SCRIPTS_DIR
    schema = script_schema()
    scripts: dict[tuple[str, str], Script] = {}
    problems: list[str] = []
    for language_dir in sorted(p for p in directory.iterdir() if p.is_dir()):
        for path in sorted(language_dir.iterdir()):
            if path.suffix not in (".yaml", ".yml"):
                problems.append(f"{path}:1: script files must end in .yaml")
                continue
            try:
                document = load_yaml(path)
            except ContentError as exc:
                problems.extend(exc.problems)
                continue
            found = schema_problems(document, schema)
            if not found:
                found = arc_problems(document, language_dir.name)
            if found:
                problems.extend(found)
                continue
            script = _to_script(document)
            scripts[(script.language, script.id)] = script
    if not any(language == "en" for language, _id in scripts) and not problems:
        problems.append(f"{directory}:1: there must be at least one English script")
    if problems:
        raise ContentError(problems)
    return scripts


def translation_check(directory: Path | None = None) -> list[str]:
    """Every English script exists in every other language, step for step."""
    directory = directory or SCRIPTS_DIR
    problems: list[str] = []
    for path in sorted((directory / "en").glob("*.yaml")):
        english = load_yaml(path)
        for language, _name in settings.LANGUAGES:
            if language == "en":
                continue
            translated = directory / language / path.name
            if not translated.exists():
                problems.append(f"{translated}:1: missing: the {language} version of {path.name}")
                continue
            problems.extend(
                translation_problems(
                    english, load_yaml(translated), TEXT_KEYS, own_keys=frozenset({"language"})
                )
            )
    return problems


def check_scripts() -> list[str]:
    try:
        load_scripts()
    except ContentError as exc:
        return exc.problems
    return translation_check()


@cache
def _all() -> dict[tuple[str, str], Script]:
    return load_scripts()


def reload() -> None:
    _all.cache_clear()


def scripts_for(language: str) -> list[Script]:
    """One version of every script: the person's language where it exists, English otherwise."""
    chosen: dict[str, Script] = {}
    for (lang, script_id), script in _all().items():
        if lang == "en" and script_id not in chosen:
            chosen[script_id] = script
        if lang == language:
            chosen[script_id] = script
    return sorted(chosen.values(), key=lambda s: (INTENSITIES.index(s.intensity), s.title))


def get_script(script_id: str, language: str = "en") -> Script | None:
    scripts = _all()
    return scripts.get((language, script_id)) or scripts.get(("en", script_id))
