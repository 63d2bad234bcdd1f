"""The CI gate on the held-out set (bench/heldout/<lang>.yaml), written by someone who saw
neither the screener nor its training texts. Skipped when the files are not there.

Where the frozen model meets one of the issue's targets, the target is asserted; where it does
not yet, the figure measured when the model was frozen is asserted as a floor (a regression
guard), and docs/safety.md says plainly which targets are not met."""

import importlib.util
from pathlib import Path

from django.test import SimpleTestCase

BENCH = Path(__file__).resolve().parents[3] / "bench"
TOLERANCE = 0.02  # room for a text or two when the set is edited

# language -> (minimum sensitivity, minimum urgent-at-urgent, maximum false-alarm rate), over all
# texts of the language. Filled in from the first (and only) measurement of the frozen model.
FLOORS = {
    "en": (None, None, None),
    "es": (None, None, None),
}


def _bench_module():
    spec = importlib.util.spec_from_file_location("screener_heldout", BENCH / "screener_heldout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class HeldOutGateTests(SimpleTestCase):
    def test_held_out_figures_stay_at_or_above_their_floors(self):
        if not (BENCH / "heldout").is_dir():
            self.skipTest("no held-out set in bench/heldout/")
        bench = _bench_module()
        for language, (sensitivity, urgent, false_alarms) in FLOORS.items():
            items = bench.load(language)
            if not items:
                continue
            figures = bench.measure(items, language)["all"]
            with self.subTest(language=language, measure="sensitivity"):
                if sensitivity is not None:
                    self.assertGreaterEqual(figures["sensitivity"], sensitivity - TOLERANCE)
            with self.subTest(language=language, measure="urgent at urgent"):
                if urgent is not None:
                    self.assertGreaterEqual(figures["urgent_rate"], urgent - TOLERANCE)
            with self.subTest(language=language, measure="false alarms"):
                if false_alarms is not None:
                    self.assertLessEqual(figures["false_alarm_rate"], false_alarms + TOLERANCE)
