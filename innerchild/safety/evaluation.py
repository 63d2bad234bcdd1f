"""The labelled evaluation set for the screener, and the figures computed from it.

Files: content/screening/eval/<language>.yaml. Each item has text, expect (none | watch |
urgent), kind (risk | hard_negative | negative) and group (dev | heldout).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from innerchild.core.content import ContentError, load_validated

EVAL_DIR = Path(__file__).parent / "content" / "screening" / "eval"

SCHEMA = {
    "type": "object",
    "required": ["language", "items"],
    "additionalProperties": False,
    "properties": {
        "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text", "expect", "kind", "group"],
                "additionalProperties": False,
                "properties": {
                    "text": {"type": "string", "minLength": 1},
                    "expect": {"enum": ["none", "watch", "urgent"]},
                    "kind": {"enum": ["risk", "hard_negative", "negative"]},
                    "group": {"enum": ["dev", "heldout"]},
                },
                "if": {"properties": {"kind": {"const": "risk"}}},
                "then": {"properties": {"expect": {"enum": ["watch", "urgent"]}}},
                "else": {"properties": {"expect": {"const": "none"}}},
            },
        },
    },
}


@dataclass(frozen=True)
class Item:
    language: str
    text: str
    expect: str
    kind: str
    group: str


def check_eval_files() -> list[str]:
    problems = []
    for path in sorted(EVAL_DIR.glob("*.yaml")):
        try:
            load_validated(path, SCHEMA)
        except ContentError as exc:
            problems.extend(exc.problems)
    return problems


def load_items() -> list[Item]:
    items = []
    for path in sorted(EVAL_DIR.glob("*.yaml")):
        data = load_validated(path, SCHEMA).data
        items += [Item(language=data["language"], **item) for item in data["items"]]
    return items


@dataclass(frozen=True)
class Figures:
    risk: int
    detected: int
    non_risk: int
    false_alarms: int
    urgent: int
    urgent_as_urgent: int
    missed: tuple[Item, ...]
    alarms: tuple[Item, ...]

    @property
    def sensitivity(self) -> float:
        return self.detected / self.risk if self.risk else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_alarms / self.non_risk if self.non_risk else 0.0

    @property
    def urgent_recall(self) -> float:
        return self.urgent_as_urgent / self.urgent if self.urgent else 1.0


def figures(items: list[Item], screener=None) -> Figures:
    """Figures of `screener` (default: the screener as configured, `screening.screen`)."""
    if screener is None:
        from innerchild.safety.screening import screen as screener

    missed, alarms = [], []
    risk = detected = non_risk = urgent = urgent_hit = 0
    for item in items:
        level = screener(item.text, item.language).level
        if item.expect == "none":
            non_risk += 1
            if level != "none":
                alarms.append(item)
        else:
            risk += 1
            if level != "none":
                detected += 1
            else:
                missed.append(item)
            if item.expect == "urgent":
                urgent += 1
                urgent_hit += level == "urgent"
    return Figures(
        risk=risk,
        detected=detected,
        non_risk=non_risk,
        false_alarms=len(alarms),
        urgent=urgent,
        urgent_as_urgent=urgent_hit,
        missed=tuple(missed),
        alarms=tuple(alarms),
    )
