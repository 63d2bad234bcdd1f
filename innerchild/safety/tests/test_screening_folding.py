"""Text is folded the same way (lower case, accents and apostrophes removed, line breaks as
sentence ends) whichever path the folding takes: ASCII, Latin-1 bytes, or any other text."""

import random

from django.test import SimpleTestCase

from innerchild.safety.screening.lexicon import _FOLD, normalise


def folded_char_by_char(text: str) -> str:
    return "".join(_FOLD.get(ord(c), c) or "" for c in text.lower())


class FoldingTests(SimpleTestCase):
    def test_spanish_is_folded_to_plain_letters(self):
        self.assertEqual(
            normalise("¿Por qué Mamá NO viene?\nÑoño"), "¿por que mama no viene? . nono"
        )

    def test_every_path_folds_like_one_character_at_a_time(self):
        alphabet = [chr(c) for c in range(400)] + list(
            "\u2019\u2018`\u00b4\u02bc\u2014\u2013\u2028"
        )
        rng = random.Random(13)
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            with self.subTest(text=text):
                self.assertEqual(normalise(text), folded_char_by_char(text))
