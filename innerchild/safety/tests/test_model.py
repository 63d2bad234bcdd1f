"""The statistical layer beside the rules: shipped as data, checked like the lexicons, and only
ever raising a text the rules found nothing in to `watch`."""

import json
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from innerchild.core.content import load_validated
from innerchild.safety import screening
from innerchild.safety.screening import (
    MODEL_CATEGORY,
    MODEL_DIR,
    check_lexicons,
    check_models,
    lexicon_for,
    model_for,
    screen,
    screen_any,
    screen_rules,
    screen_with_model,
)
from innerchild.safety.screening.model import MODEL_SCHEMA

# Written for these tests, not in the evaluation set: phrasings no rule lists.
UNSEEN_RISK = {
    "en": "I don't see a future for me anymore.",
    "es": "No puedo seguir así, no aguanto más.",
}
HARD_NEGATIVES = {
    "en": [
        "I would never hurt myself, I just needed to vent about work today.",
        "This commute is killing me, two hours each way.",
        "My friend told me she wants to die when her team loses, she was joking.",
        "When I was small I wanted to disappear, and today I held that little girl with love.",
    ],
    "es": [
        "Nunca me haría daño, solo necesitaba escribir lo que siento.",
        "Este trabajo me está matando, no paro en todo el día.",
        "Casi me muero de risa con el vídeo que me mandó mi hermano.",
    ],
}


class ShippedModelTests(SimpleTestCase):
    def test_each_language_ships_a_model_that_passes_its_schema(self):
        self.assertEqual(check_models(), [])
        for language in ("en", "es"):
            with self.subTest(language=language):
                path = MODEL_DIR / f"{language}.json"
                data = load_validated(path, MODEL_SCHEMA).data
                self.assertEqual(data["language"], language)
                self.assertEqual(json.loads(path.read_text(encoding="utf-8")), data)
                self.assertIsNotNone(model_for(lexicon_for(language), even_if_disabled=True))

    def test_the_model_files_record_how_they_were_made(self):
        for language in ("en", "es"):
            data = json.loads((MODEL_DIR / f"{language}.json").read_text(encoding="utf-8"))
            with self.subTest(language=language):
                self.assertRegex(data["data_hash"], r"^sha256:[0-9a-f]{64}$")
                self.assertIn("rules_and_model", data["cross_validation"])
                self.assertEqual(data["cross_validation"]["folds"], 5)


class BrokenModelFileTests(SimpleTestCase):
    def broken_copy(self, replace: tuple[str, str]) -> tuple[Path, int]:
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, directory)
        text = (MODEL_DIR / "en.json").read_text(encoding="utf-8")
        old, new = replace
        self.assertIn(old, text)
        line = text[: text.index(old)].count("\n") + 1
        (directory / "en.json").write_text(text.replace(old, new, 1), encoding="utf-8")
        return directory, line

    def test_a_weight_that_is_not_a_number_fails_the_content_check_with_file_and_line(self):
        data = json.loads((MODEL_DIR / "en.json").read_text(encoding="utf-8"))
        feature, weight = next(iter(data["weights"].items()))
        old = f'"{feature}": {json.dumps(weight)}'
        directory, line = self.broken_copy((old, f'"{feature}": "heavy"'))
        with mock.patch.object(screening, "MODEL_DIR", directory):
            problems = check_lexicons()
        self.assertEqual(len(problems), 1, problems)
        self.assertTrue(problems[0].startswith(f"{directory / 'en.json'}:{line}: "), problems)

    def test_a_threshold_out_of_range_is_refused(self):
        data = json.loads((MODEL_DIR / "en.json").read_text(encoding="utf-8"))
        old = f'"threshold": {json.dumps(data["threshold"])}'
        directory, line = self.broken_copy((old, '"threshold": 1.5'))
        with mock.patch.object(screening, "MODEL_DIR", directory):
            problems = check_models()
        self.assertEqual(len(problems), 1, problems)
        self.assertIn(f"en.json:{line}: ", problems[0])

    def test_a_model_for_a_language_without_a_lexicon_is_refused(self):
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, directory)
        text = (MODEL_DIR / "en.json").read_text(encoding="utf-8")
        (directory / "fr.json").write_text(
            text.replace('"language": "en"', '"language": "fr"'), encoding="utf-8"
        )
        with mock.patch.object(screening, "MODEL_DIR", directory):
            problems = check_models()
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("fr.json:1: no lexicon", problems[0])


class CombinationTests(SimpleTestCase):
    def test_a_risk_text_in_words_no_rule_knows_is_raised_to_watch(self):
        for language, text in UNSEEN_RISK.items():
            with self.subTest(language=language):
                self.assertEqual(screen_rules(text, language).level, "none")
                result = screen_with_model(text, language)
                self.assertEqual(result.level, "watch")
                self.assertEqual(result.categories, (MODEL_CATEGORY,))
                self.assertTrue(result.reasons[0].phrase.startswith("statistical model"))

    def test_hard_negatives_the_rules_are_sure_about_stay_quiet(self):
        for language, texts in HARD_NEGATIVES.items():
            for text in texts:
                with self.subTest(text=text):
                    self.assertEqual(screen_with_model(text, language).level, "none")

    def test_the_model_never_raises_a_text_to_urgent_nor_lowers_the_rules(self):
        text = "I'm going to kill myself tonight after everyone is asleep."
        self.assertEqual(screen_with_model(text, "en").level, "urgent")
        self.assertEqual(screen_with_model(text, "en").reasons, screen_rules(text, "en").reasons)
        for language, unseen in UNSEEN_RISK.items():
            self.assertNotEqual(screen_with_model(unseen * 50, language).level, "urgent")

    def test_screen_uses_the_model_exactly_when_it_is_enabled(self):
        for language, text in UNSEEN_RISK.items():
            enabled = model_for(lexicon_for(language)) is not None
            with self.subTest(language=language, enabled=enabled):
                self.assertEqual(screen(text, language).level, "watch" if enabled else "none")
                self.assertEqual(screen_any(text, language).level, "watch" if enabled else "none")

    def test_a_long_ordinary_entry_does_not_add_up_to_a_risk(self):
        entry = (
            "Today I woke up early and made tea before anyone else was awake. "
            "We walked by the river and the light on the water was beautiful. "
            "I called my friend and we laughed about the terrible film we watched. "
        ) * 40
        self.assertEqual(screen_with_model(entry, "en").level, "none")

    def test_the_same_text_always_gets_the_same_answer(self):
        text = UNSEEN_RISK["en"]
        self.assertEqual(screen_with_model(text).as_dict(), screen_with_model(text).as_dict())
