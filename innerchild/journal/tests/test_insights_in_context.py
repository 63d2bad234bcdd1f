"""Feelings named in an entry are the writer's own: negation, wishes and other people count not."""

from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal.insights import analyse, felt_families
from innerchild.journal.presenting import excerpt_of
from innerchild.journal.tests.helpers import write


class FeltFamiliesTests(InnerchildTestCase):
    def test_a_feeling_the_writer_names_counts(self):
        self.assertEqual(felt_families("I feel calm and safe today."), ["calm"])
        self.assertEqual(felt_families("Me siento tranquila."), ["calm"])

    def test_a_negated_feeling_does_not_count(self):
        for text in (
            "I was not calm.",
            "I wasn't calm at all.",
            "I never felt safe there.",
            "No estaba tranquila.",
        ):
            with self.subTest(text=text):
                self.assertEqual(felt_families(text), [])

    def test_a_wish_an_effort_or_an_appearance_does_not_count(self):
        for text in (
            "I tried to stay calm so he would not find me.",
            "I wanted to feel safe.",
            "I pretended to be happy.",
        ):
            with self.subTest(text=text):
                self.assertEqual(felt_families(text), [])

    def test_someone_elses_feeling_does_not_count_but_the_writers_does(self):
        self.assertEqual(felt_families("My father was angry. I was terrified."), ["afraid"])
        self.assertEqual(felt_families("Mum seemed happy, but I felt lonely."), ["sad"])
        self.assertEqual(felt_families("He made me feel safe."), ["calm"])

    def test_a_safe_place_is_a_place_not_a_feeling(self):
        self.assertEqual(felt_families("I went back to my safe place."), [])

    def test_the_stored_figures_use_the_same_reading(self):
        found = analyse("I hid while my father shouted. I wasn't calm. I was terrified.")
        self.assertEqual(found.families, ["afraid"])


class EntryInsightsTests(InnerchildTestCase):
    def test_an_entry_the_screener_worries_about_gets_support_instead_of_a_tone(self):
        entry = write(self.alice, body="I am going to take all my pills tonight.")
        self.login(self.alice)
        response = self.client.get(reverse("journal:entry", args=[entry.id]))
        self.assertContains(response, "Support and crisis lines")
        self.assertNotContains(response, "mixed or fairly even in tone")

    def test_an_ordinary_entry_gets_its_tone_and_what_the_hints_cannot_know(self):
        entry = write(self.alice, body="A lovely, warm, happy afternoon with friends.")
        self.login(self.alice)
        response = self.client.get(reverse("journal:entry", args=[entry.id]))
        self.assertContains(response, "The words here lean light and warm.")
        self.assertContains(response, "cannot tell whose feelings the words describe")
        self.assertNotContains(response, "Support and crisis lines")


class ExcerptTests(InnerchildTestCase):
    def test_an_excerpt_shows_the_words_of_markdown_without_its_marks(self):
        entry = write(self.alice, body="## Remembering your place\n\n**What I hoped for**\n\nRest.")
        self.assertEqual(excerpt_of(entry), "Remembering your place What I hoped for Rest.")
