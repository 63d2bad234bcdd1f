"""The product's own words: every phrase the product offers people to pick, copy or read aloud.

Journal prompts and vocabularies, guide scripts (their lines, questions, hints and suggested
phrases, affirmations included), the signs, and demo content. They are read from the content
files by path (no other app is imported), so the screener's tests can check that every one scans
`none`, and bench/train_screener.py can learn them as safe writing.
"""

from __future__ import annotations

from pathlib import Path

import yaml

PACKAGE = Path(__file__).resolve().parent.parent.parent
FILES = (
    "journal/content/prompts.yaml",
    "journal/content/feelings.yaml",
    "journal/content/needs.yaml",
    "journal/content/*/prompts.yaml",
    "journal/content/*/feelings.yaml",
    "journal/content/*/needs.yaml",
    "journal/content/demo.yaml",
    "guide/content/demo.yaml",
    "guide/content/scripts/*/*.yaml",
    "core/content/signs.yaml",
    "core/content/*/signs.yaml",
    "safety/content/demo_plan.yaml",
)
# Keys whose values are identifiers or settings, never words shown to people.
SKIP_KEYS = frozenset(
    (
        "id",
        "type",
        "kind",
        "stage",
        "format",
        "mode",
        "phase",
        "language",
        "signs",
        "tags",
        "emotion",
        "intensity",
        "minimum_age",
        "source",
    )
)


def _strings(node, key: str = "") -> list[str]:
    if key in SKIP_KEYS and (
        isinstance(node, str)
        or (isinstance(node, list) and all(isinstance(item, str) for item in node))
    ):
        return []
    if isinstance(node, str):
        text = node.strip()
        return [text] if len(text) >= 3 else []
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, str(k))]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item, key)]
    return []


def product_texts() -> list[tuple[str, str, str]]:
    """(file, language, text) of every phrase in the product's content files."""
    out = []
    for pattern in FILES:
        for path in sorted(PACKAGE.glob(pattern)):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            # Translations live in content/<language>/ (scripts in scripts/<language>/).
            language = path.parent.name if len(path.parent.name) == 2 else "en"
            if isinstance(data, dict) and data.get("language") in ("en", "es"):
                language = data["language"]
            relative = path.relative_to(PACKAGE).as_posix()
            out += [(relative, language, text) for text in _strings(data)]
    return out
