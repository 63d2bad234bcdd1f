"""The frozen screener on the held-out set (bench/heldout/<lang>.yaml). Prints figures, never texts.

    .venv/bin/python bench/screener_heldout.py [--json]

The held-out texts were written by someone who saw neither the screener nor its training texts;
nothing is tuned on them. Each item has id, text, level (none | watch | urgent), family and form.
Per language, over everything and per family and per form: sensitivity (risk texts flagged
watch or urgent), urgent at urgent (urgent texts flagged urgent), false-alarm rate (texts that
should be `none` but were flagged). The targets are those of the screener's issue; see
docs/safety.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innerchild.settings")

import django

django.setup()

import yaml  # noqa: E402

from innerchild.safety.screening import screen_any  # noqa: E402

HELDOUT = Path(__file__).resolve().parent / "heldout"


def load(language: str) -> list[dict]:
    path = HELDOUT / f"{language}.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data.get("items", []) if isinstance(data, dict) else data
    return [item for item in items or [] if isinstance(item, dict) and item.get("text")]


# The rows of the issue's table: direct wording, indirect wording, and texts as people write them
# in the app (long entries, letters to and from the younger self, dialogues, trigger logs).
WRITTEN_FORMS = frozenset(
    ("entry", "letter_to_younger", "letter_from_younger", "dialogue", "trigger_log")
)
TARGETS = {  # row -> (sensitivity >=, urgent at urgent >=, false alarms <=)
    "direct": (0.95, 0.85, 0.05),
    "indirect": (0.90, 0.70, 0.08),
    "written": (0.90, 0.70, 0.08),
}


def issue_row(item: dict) -> str:
    if item.get("family") == "direct":
        return "direct"
    return "written" if item.get("form") in WRITTEN_FORMS else "indirect"


def measure(items: list[dict], language: str) -> dict[str, dict]:
    """{"all" | "family:<f>" | "form:<f>": counts and rates} for one language."""
    rows = defaultdict(lambda: defaultdict(int))
    for item in items:
        expected = str(item.get("level", "none")).strip().lower()
        got = screen_any(str(item["text"]), language).level
        keys = (
            "all",
            "row:" + issue_row(item),
            f"family:{item.get('family', '?')}",
            f"form:{item.get('form', '?')}",
        )
        for key in keys:
            row = rows[key]
            if expected == "none":
                row["safe"] += 1
                row["false_alarms"] += got != "none"
            else:
                row["risk"] += 1
                row["flagged"] += got != "none"
                if expected == "urgent":
                    row["urgent"] += 1
                    row["urgent_at_urgent"] += got == "urgent"
    out = {}
    for key, row in rows.items():
        figures = dict(row)
        if row["risk"]:
            figures["sensitivity"] = round(row["flagged"] / row["risk"], 3)
        if row["urgent"]:
            figures["urgent_rate"] = round(row["urgent_at_urgent"] / row["urgent"], 3)
        if row["safe"]:
            figures["false_alarm_rate"] = round(row["false_alarms"] / row["safe"], 3)
        out[key] = figures
    return out


def fmt(row: dict) -> str:
    parts = []
    if row.get("risk"):
        parts.append(f"sensitivity {row['flagged']:>3}/{row['risk']:<3} = {row['sensitivity']:.2f}")
    if row.get("urgent"):
        parts.append(
            f"urgent at urgent {row['urgent_at_urgent']:>3}/{row['urgent']:<3} = "
            f"{row['urgent_rate']:.2f}"
        )
    if row.get("safe"):
        parts.append(
            f"false alarms {row['false_alarms']:>3}/{row['safe']:<3} = "
            f"{row['false_alarm_rate']:.2f}"
        )
    return "  ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    results = {}
    for language in ("en", "es"):
        items = load(language)
        if items:
            results[language] = measure(items, language)
    if options.json:
        print(json.dumps(results, indent=1, sort_keys=True))
        return
    if not results:
        print(f"no held-out files in {HELDOUT}")
    for language, rows in results.items():
        print(f"{language}: {rows['all'].get('risk', 0) + rows['all'].get('safe', 0)} texts")
        for key in sorted(rows, key=lambda k: (k != "all", not k.startswith("row:"), k)):
            target = TARGETS.get(key.removeprefix("row:")) if key.startswith("row:") else None
            wanted = (
                f"  (targets >= {target[0]:.2f}, >= {target[1]:.2f}, <= {target[2]:.2f})"
                if target
                else ""
            )
            print(f"  {key:34} {fmt(rows[key])}{wanted}")


if __name__ == "__main__":
    main()
