"""The product's own words pass: every phrase it offers people to pick, copy or read aloud
(journal prompts and vocabularies, guide scripts and their suggested phrases and affirmations,
signs, demo content) scans `none`."""

from django.test import SimpleTestCase

from innerchild.safety.screening import screen_any
from innerchild.safety.screening.product import product_texts


class ProductWordsTests(SimpleTestCase):
    def test_the_content_files_hold_the_phrases_people_are_offered(self):
        texts = product_texts()
        files = {file for file, _language, _text in texts}
        self.assertGreaterEqual(len(texts), 300)
        self.assertIn("journal/content/prompts.yaml", files)
        self.assertIn("guide/content/scripts/en/letter-of-reparenting.yaml", files)
        self.assertIn("guide/content/scripts/es/safe-place.yaml", files)

    def test_every_phrase_the_product_offers_scans_none(self):
        flagged = [
            f"{file}: {text} -> {result.level}"
            for file, language, text in product_texts()
            if (result := screen_any(text, language)).level != "none"
        ]
        self.assertEqual(flagged, [])
