from innerchild.core.testing import InnerchildTestCase
from innerchild.journal.insights import analyse
from innerchild.journal.tests.helpers import write


class InsightTests(InnerchildTestCase):
    def test_valence_follows_the_tone_of_english_text(self):
        self.assertGreater(analyse("A lovely, warm, happy afternoon with friends.").valence, 0.5)
        self.assertLess(analyse("Awful. I feel hopeless and hurt.").valence, -0.5)

    def test_spanish_text_gets_no_valence_but_markers_still_count(self):
        found = analyse("Hoy me sentí muy sola. Es mi culpa. Pero no fue mi culpa.", "es")
        self.assertIsNone(found.valence)
        self.assertEqual((found.criticism, found.compassion), (1, 1))
        self.assertIn("sad", found.families)
        self.assertIn("loneliness", found.signs)

    def test_self_criticism_and_self_compassion_are_told_apart(self):
        critical = analyse("I'm so stupid. What's wrong with me?")
        kind = analyse("It's okay that I cried. I'm doing my best.")
        self.assertEqual((critical.criticism, critical.compassion), (2, 0))
        self.assertEqual((kind.criticism, kind.compassion), (0, 2))

    def test_insights_are_stored_with_the_entry_but_not_the_text(self):
        entry = write(self.alice, body="I'm so stupid, I always mess up. I feel so lonely.")
        entry.refresh_from_db()
        self.assertEqual(entry.criticism_markers, 2)
        self.assertIn("loneliness", entry.insight_signs)
        self.assertEqual(entry.insight_language, "en")

    def test_a_spanish_speakers_entry_is_analysed_as_spanish(self):
        self.bob.language = "es"
        self.bob.save(update_fields=["language"])
        entry = write(self.bob, body="Estoy agotada y tengo miedo.")
        self.assertIsNone(entry.valence)
        self.assertEqual(set(entry.insight_families), {"tired", "afraid"})
