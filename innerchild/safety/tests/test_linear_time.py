"""The screener's work grows linearly with the text, whatever the text is (no backtracking)."""

from django.test import SimpleTestCase

from innerchild.safety.screening import screen, screen_with_model

ADVERSARIAL_UNITS = {
    "repeated risk words": "i want to kill myself i want to ",
    "near misses": "i i i i want want to to to kill kill ",
    "idioms everywhere": "killing it dying to kill for ",
    "no punctuation gaps": "i really really really really really ",
    "negations": "not never dont cant wont no ",
    "spanish clitics": "me me me quiero quiero morir me voy a ",
    "punctuation": ". , ; ! ? ",
    "reported speech": "she said i want to die and ",
    "negated risk": "i would never kill myself ",
    "one long word": "a",
}


def steps(text: str, language: str = "en") -> int:
    return screen(text, language).steps


class LinearTimeTests(SimpleTestCase):
    def test_work_grows_in_proportion_to_the_text(self):
        for name, unit in ADVERSARIAL_UNITS.items():
            for language in ("en", "es"):
                with self.subTest(name=name, language=language):
                    small = steps(unit * 500, language)
                    large = steps(unit * 4_000, language)
                    # Eight times the text may cost at most about eight times the work.
                    self.assertLessEqual(large, small * 8 * 1.1 + 100)

    def test_the_statistical_model_is_one_pass_over_the_tokens(self):
        for name, unit in ADVERSARIAL_UNITS.items():
            for language in ("en", "es"):
                with self.subTest(name=name, language=language):
                    small = screen_with_model(unit * 500, language).steps
                    large = screen_with_model(unit * 4_000, language).steps
                    self.assertLessEqual(large, small * 8 * 1.1 + 100)

    def test_a_megabyte_of_repeated_words_is_screened(self):
        text = "I want to kill myself " * (1_000_000 // 22)
        result = screen(text)
        self.assertNotEqual(result.level, "none")
        per_char = result.steps / len(text)
        small = screen("I want to kill myself " * 1_000)
        self.assertLessEqual(per_char, small.steps / (22 * 1_000) * 1.1)

    def test_a_megabyte_of_one_character_is_screened(self):
        self.assertEqual(screen("a" * 1_000_000).level, "none")
        self.assertEqual(screen("!" * 1_000_000).level, "none")
