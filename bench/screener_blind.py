"""The safety screener on the blind round-4 texts (bench/data/screener_round4_*.yaml).

    .venv/bin/python bench/screener_blind.py

Prints sensitivity, urgent recall and false alarms per language, for the rules alone and for the
screener as shipped (the model deciding, with the rules among its evidence). These texts were written by someone who had not seen the
screener; nobody tunes on them, so these are the figures that say how it does on new writing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innerchild.settings")

import django

django.setup()

from innerchild.core.content import load_yaml  # noqa: E402
from innerchild.safety.evaluation import Item, figures  # noqa: E402
from innerchild.safety.screening import screen, screen_rules  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def main() -> None:
    print(
        f"{'language':<9} {'screener':<14} {'sensitivity':>16} {'urgent':>10} {'false alarms':>16}"
    )
    for path in sorted(DATA.glob("screener_round4_*.yaml")):
        data = load_yaml(path).data
        items = [Item(language=data["language"], **item) for item in data["items"]]
        for name, screener in (("rules alone", screen_rules), ("as shipped", screen)):
            result = figures(items, screener=screener)
            print(
                f"{data['language']:<9} {name:<14} "
                f"{result.detected:>4}/{result.risk:<4} = {result.sensitivity:.2f} "
                f"{result.urgent_as_urgent:>4}/{result.urgent:<4} "
                f"{result.false_alarms:>4}/{result.non_risk:<4} = {result.false_positive_rate:.2f}"
            )


if __name__ == "__main__":
    main()
