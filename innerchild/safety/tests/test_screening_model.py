"""The trained model: shipped as data, checked like the other content files, read by meaning."""

import json
import tempfile
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from innerchild.core.content import ContentError
from innerchild.safety import screening
from innerchild.safety.screening import MODEL_FILE, analyse, check_models, screen, screen_rules
from innerchild.safety.screening.model import MODEL_SCHEMA, char_ngrams


def level(text: str, language: str = "en") -> str:
    return screen(text, language).level


class ShippedModelTests(SimpleTestCase):
    def test_the_model_and_meaning_files_pass_their_checks(self):
        self.assertEqual(check_models(), [])

    def test_the_model_records_how_it_was_made_and_its_validation_figures(self):
        data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        self.assertEqual(set(data["languages"]), {"en", "es"})
        self.assertRegex(data["data_hash"], r"^sha256:[0-9a-f]{64}$")
        for language in ("en", "es"):
            with self.subTest(language=language):
                figures = data["validation"][language]
                self.assertLessEqual(figures["false_alarm_rate"], 0.085)
                thresholds = data["thresholds"][language]
                self.assertLessEqual(thresholds["risk_with_rules"], thresholds["risk"])

    def test_a_model_file_that_breaks_its_schema_is_refused_with_the_file_name(self):
        data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        data["bias"] = ["high", 0]
        with mock.patch.object(screening.Path, "read_text", return_value=json.dumps(data)):
            with self.assertRaises(ContentError) as caught:
                screening._load_model(MODEL_FILE)
        self.assertIn("model.json", caught.exception.problems[0])
        self.assertIn("bias", caught.exception.problems[0])
        self.assertEqual(MODEL_SCHEMA["properties"]["kind"]["const"], data["kind"])

    def test_a_weight_that_is_not_a_number_is_refused_in_either_model(self):
        for path, load, table in (
            (MODEL_FILE, screening._load_model, "chars"),
            (screening.DOCUMENT_FILE, screening._load_document_model, "words"),
        ):
            data = json.loads(path.read_text(encoding="utf-8"))
            key = next(iter(data[table]))
            data[table][key] = [1.0, "much", *data[table][key][2:]]
            with self.subTest(file=path.name):
                with mock.patch.object(screening.Path, "read_text", return_value=json.dumps(data)):
                    with self.assertRaises(ContentError) as caught:
                        load(path)
                self.assertIn(path.name, caught.exception.problems[0])
                self.assertIn(f"{table}/", caught.exception.problems[0])

    def test_a_training_corpus_with_an_unknown_level_is_refused_with_file_and_line(self):
        with tempfile.TemporaryDirectory() as folder:
            bad = Path(folder) / "en.yaml"
            bad.write_text(
                "language: en\nslots: {}\nfiller: [a]\npainful_safe: [b]\nforms: {}\n"
                "families:\n  - {family: x, level: maybe, texts: [c]}\n",
                encoding="utf-8",
            )
            with mock.patch.object(screening, "CORPUS_DIR", Path(folder)):
                problems = check_models()
        self.assertEqual(len(problems), 1)
        self.assertIn("en.yaml:7: families/0/level", problems[0])


class StructuredReadingTests(SimpleTestCase):
    def test_each_clause_is_read_for_who_when_and_what(self):
        analysis = analyse("I have the pills in my bag and I'm going to the bridge tonight.")
        tags = analysis.sentences[0].tags
        self.assertTrue({"who_me", "method", "place", "when_soon"} <= tags)
        self.assertIn("c:method+place+when_soon", analysis.sentences[0].features)

    def test_a_letter_to_the_younger_self_is_a_frame_of_the_whole_text(self):
        analysis = analyse("Dear little one,\nyou were never too much. I am here now.")
        self.assertIn("t:frame_letter", analysis.text_features)
        self.assertIn("t:who_child", analysis.text_features)

    def test_the_tags_are_shared_by_the_languages(self):
        english = analyse("I'm going to the bridge tonight.", "en").sentences[0].tags
        spanish = analyse("Voy al puente esta noche.", "es").sentences[0].tags
        self.assertTrue({"place", "when_soon"} <= english & spanish)

    def test_what_the_rules_found_is_a_feature_of_its_sentence(self):
        analysis = analyse("A quiet day. I want to kill myself tonight.")
        self.assertNotIn("r:urgent", analysis.sentences[0].features)
        self.assertIn("r:urgent", analysis.sentences[1].features)

    def test_character_ngrams_are_read_within_a_word(self):
        self.assertEqual(char_ngrams("ab", 3, 4), [" ab", "ab ", " ab "])


class ModelLevelTests(SimpleTestCase):
    def test_a_loving_letter_to_the_younger_self_is_not_a_risk(self):
        letter = (
            "Dear little one, you were never too much. I am here now, and I'm not leaving. "
            "I'm sorry nobody held you when you cried. Love, me."
        )
        self.assertEqual(level(letter), "none")

    def test_the_childs_voice_about_the_past_is_not_a_risk(self):
        self.assertEqual(
            level(
                "Me now: What's happening?\nLittle me: They are shouting again.\n"
                "Me now: That was a long time ago. I'm here, and the shouting stopped years ago."
            ),
            "none",
        )
        # Two lines alone, the child's present tense and nothing to say it is a memory: read as
        # a gentle check-in at most (the calm panel), never the crisis screen. A known false
        # alarm of the document model (docs/safety.md, known blind spots).
        self.assertNotEqual(
            level("Me now: What's happening?\nLittle me: They are shouting again."), "urgent"
        )

    def test_a_method_a_place_and_a_time_without_a_crisis_word_is_urgent(self):
        self.assertEqual(
            level("I've got the pills in my bag and I'm driving to the bridge tonight."), "urgent"
        )
        self.assertEqual(
            level("Tengo las pastillas y me voy al puente esta noche.", "es"), "urgent"
        )

    def test_stated_intent_stays_urgent(self):
        self.assertEqual(level("I'm going to kill myself tonight."), "urgent")
        self.assertEqual(level("Me voy a matar esta noche.", "es"), "urgent")

    def test_a_passive_wish_is_a_watch(self):
        self.assertEqual(level("I wish I could go to sleep and not wake up."), "watch")

    def test_a_childhood_memory_in_the_past_tense_is_not_a_risk(self):
        self.assertEqual(level("My dad hit me when I was little."), "none")

    def test_a_long_ordinary_entry_does_not_add_up_to_a_risk(self):
        entry = " ".join(
            [
                "I woke up early and made tea.",
                "Work was busy and I forgot lunch.",
                "I called my sister and we laughed.",
                "I felt tired but okay.",
            ]
            * 20
        )
        self.assertEqual(level(entry), "none")

    def test_a_risky_sentence_buried_in_a_long_entry_is_found(self):
        entry = " ".join(
            ["I woke up early and made tea.", "Work was busy and I forgot lunch."] * 10
            + ["I've counted out the sleeping pills for tonight."]
            + ["I called my sister and we laughed."] * 5
        )
        self.assertNotEqual(level(entry), "none")

    def test_the_rules_alone_are_still_available(self):
        self.assertEqual(screen_rules("I'm going to kill myself tonight.").level, "urgent")

    def test_the_same_text_always_gets_the_same_answer(self):
        text = "Some nights I hope I just don't wake up."
        self.assertEqual({screen(text).level for _ in range(5)}, {screen(text).level})

    def test_the_document_models_word_cache_stays_bounded_and_gives_the_same_scores(self):
        """Words met so far are kept with their weights, up to a limit, then dropped: a long
        running process must neither grow without end nor score differently once it starts
        again."""
        from innerchild.safety.screening import document

        data = json.loads(screening.DOCUMENT_FILE.read_text())
        texts = [
            "I woke up early and made tea before the zephyrs and quokkas arrived.",
            "Dear little one, I am here now and I will not leave you.",
            "I've counted out the sleeping pills for tonight.",
        ] + [f"Word{n} and word{n}b walked into entry {n}." for n in range(40)]
        analysed = [analyse(text, "en") for text in texts]

        def scores(model):
            return [
                model.score(a.tokens, "none", 0.5, -1.0, frozenset().union(a.text_features))
                for a in analysed
            ]

        expected = scores(document.build_document_model(data))
        with mock.patch.object(document, "CACHE_LIMIT", 10):
            small = document.build_document_model(data)
            base = len(small._word_index)
            # Room for one more word only, so the table has to grow while texts are scored.
            small._word_table = small._word_table[: base + 1].copy()
            first, again = scores(small), scores(small)
            self.assertLessEqual(len(small._word_index), base + 10 + 20)
        for got in (first, again):
            for (r, u), (er, eu) in zip(got, expected, strict=True):
                self.assertAlmostEqual(r, er, places=9)
                self.assertAlmostEqual(u, eu, places=9)
