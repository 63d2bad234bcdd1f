"""The CI gate on the held-out set (bench/heldout/<lang>.yaml), written by someone who saw
neither the screener nor its training texts. Skipped when the files are not there.

Where the frozen model meets one of the issue's targets, the target is asserted; where it does
not yet, the figure measured when the model was frozen is asserted as a floor (a regression
guard), and docs/safety.md says plainly which targets are not met."""

import importlib.util
from pathlib import Path

from django.test import SimpleTestCase

BENCH = Path(__file__).resolve().parents[3] / "bench"
TOLERANCE = 0.02  # room for a text or two when the set is edited; floors only, never targets


def target(value: float) -> tuple[float, bool]:
    """One of the issue's targets, met by the frozen model: asserted as it is."""
    return (value, True)


def floor(value: float) -> tuple[float, bool]:
    """A target not met yet: the figure measured when the model was frozen, as a floor."""
    return (value, False)


# language -> row of the table (bench/screener_heldout.issue_row, or "all") ->
# (sensitivity at least, urgent at urgent at least, false-alarm rate at most); None: no texts.
GATE = {
    "en": {
        "direct": (target(0.95), target(0.85), None),
        "indirect": (target(0.90), target(0.70), target(0.08)),
        "written": (target(0.90), target(0.70), target(0.08)),
        "all": (floor(0.975), floor(0.964), floor(0.040)),
    },
    "es": {
        "direct": (target(0.95), target(0.85), None),
        "indirect": (target(0.90), target(0.70), target(0.08)),
        "written": (target(0.90), target(0.70), target(0.08)),
        "all": (floor(0.942), floor(0.938), floor(0.025)),
    },
}


def _bench_module():
    spec = importlib.util.spec_from_file_location("screener_heldout", BENCH / "screener_heldout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class HeldOutGateTests(SimpleTestCase):
    def test_held_out_figures_meet_their_targets_or_floors(self):
        if not (BENCH / "heldout").is_dir():
            self.skipTest("no held-out set in bench/heldout/")
        bench = _bench_module()
        for language, rows in GATE.items():
            items = bench.load(language)
            if not items:
                continue
            measured = bench.measure(items, language)
            for row, (sensitivity, urgent, false_alarms) in rows.items():
                figures = measured["all" if row == "all" else f"row:{row}"]
                for name, bound, key, higher in (
                    ("sensitivity", sensitivity, "sensitivity", True),
                    ("urgent at urgent", urgent, "urgent_rate", True),
                    ("false alarms", false_alarms, "false_alarm_rate", False),
                ):
                    if bound is None:
                        continue
                    value, is_target = bound
                    slack = 0.0 if is_target else TOLERANCE
                    with self.subTest(language=language, row=row, measure=name):
                        if higher:
                            self.assertGreaterEqual(figures[key], value - slack)
                        else:
                            self.assertLessEqual(figures[key], value + slack)
