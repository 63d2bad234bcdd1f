"""Hand-written, labelled texts the screener's model is trained on.

Files: content/screening/written/<language>/*.yaml, each a list of items with exactly id, text,
level (none | watch | urgent), family and form. They were written for this project, in families
of wording and in the forms people use here (see docs/safety.md, "Training texts"), by writers
who did not see the held-out set in bench/heldout/. The app never reads them at run time; the
training script does (bench/train_screener.py), and `innerchild content check` validates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from innerchild.core.content import ContentError, load_validated

WRITTEN_DIR = Path(__file__).resolve().parent.parent / "content" / "screening" / "written"

RISK_FAMILIES = (
    "direct",
    "act_underway",
    "method_place_time",
    "preparation",
    "research",
    "joining_deceased",
    "ending_for_both",
    "danger_from_others",
    "self_harm_marks",
    "passive_wish",
    "hopelessness",
)
SAFE_FAMILIES = (
    "everyday",
    "inner_child_gentle",
    "painful_past",
    "final_phrase_happy",
    "recovery_story",
    "grief_other",
    "helping_friend",
    "hunting_or_tools",
    "media",
    "exaggeration",
    "therapy_language",
)
FORMS = (
    "short",
    "entry",
    "letter_to_younger",
    "letter_from_younger",
    "dialogue",
    "trigger_log",
    "texting",
    "mixed_language",
)

WRITTEN_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "text", "level", "family", "form"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "text": {"type": "string", "minLength": 1},
            "level": {"enum": ["none", "watch", "urgent"]},
            "family": {"enum": [*RISK_FAMILIES, *SAFE_FAMILIES]},
            "form": {"enum": list(FORMS)},
        },
    },
}


@dataclass(frozen=True)
class WrittenText:
    id: str
    text: str
    level: str
    family: str
    form: str


def _problems_of(items: list[dict], path: Path, seen: set[str]) -> list[str]:
    problems = []
    for item in items:
        safe_family = item["family"] in SAFE_FAMILIES
        if safe_family != (item["level"] == "none"):
            problems.append(
                f"{path}: {item['id']}: family {item['family']!r} cannot have level "
                f"{item['level']!r} (safe families are `none`, risk families watch or urgent)"
            )
        if item["id"] in seen:
            problems.append(f"{path}: {item['id']}: the id is used twice")
        seen.add(item["id"])
    return problems


def load_written(language: str, directory: Path = WRITTEN_DIR) -> list[WrittenText]:
    """Every written text of one language; ContentError lists every problem in every file."""
    texts, problems, seen = [], [], set()
    for path in sorted((directory / language).glob("*.yaml")):
        try:
            items = load_validated(path, WRITTEN_SCHEMA).data or []
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(_problems_of(items, path, seen))
        texts.extend(WrittenText(**item) for item in items)
    if problems:
        raise ContentError(problems)
    return texts


def written_languages(directory: Path = WRITTEN_DIR) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.is_dir()) if directory.is_dir() else []


def check_written(directory: Path = WRITTEN_DIR) -> list[str]:
    problems = []
    for language in written_languages(directory):
        try:
            load_written(language, directory)
        except ContentError as exc:
            problems.extend(exc.problems)
    return problems
