"""The rules against their labelled evaluation set (content/screening/eval/*.yaml). The model,
which decides the level, was trained on these texts, so it is measured out of fold and on the
held-out set instead (bench/train_screener.py, tests/test_screening_heldout.py)."""

from django.test import SimpleTestCase

from innerchild.safety.evaluation import check_eval_files, figures, load_items
from innerchild.safety.screening import screen_rules

MIN_SENSITIVITY = 0.95
MAX_FALSE_POSITIVE_RATE = 0.05


class EvaluationSetTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.items = load_items()

    def test_the_files_match_their_schema(self):
        self.assertEqual(check_eval_files(), [])

    def test_the_set_is_big_enough_and_covers_both_languages(self):
        self.assertGreaterEqual(len(self.items), 200)
        self.assertGreaterEqual(sum(item.kind == "hard_negative" for item in self.items), 60)
        for language in ("en", "es"):
            with self.subTest(language=language):
                mine = [item for item in self.items if item.language == language]
                self.assertTrue(any(item.group == "heldout" for item in mine))
                self.assertTrue(any(item.kind == "risk" for item in mine))
                self.assertTrue(any(item.kind == "hard_negative" for item in mine))

    def test_sensitivity_and_false_positive_rate_on_the_tuning_set(self):
        for language in ("en", "es"):
            dev = [i for i in self.items if i.language == language and i.group == "dev"]
            result = figures(dev, screener=screen_rules)
            with self.subTest(language=language, measure="sensitivity"):
                self.assertGreaterEqual(
                    result.sensitivity,
                    MIN_SENSITIVITY,
                    "missed: " + " | ".join(item.text for item in result.missed),
                )
            with self.subTest(language=language, measure="false positive rate"):
                self.assertLessEqual(
                    result.false_positive_rate,
                    MAX_FALSE_POSITIVE_RATE,
                    "false alarms: " + " | ".join(item.text for item in result.alarms),
                )
