"""Search finds every form of a word, in English and in Spanish, without storing any word."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase, make_person, raw_column_values
from innerchild.journal.models import EntryToken, SearchKey
from innerchild.journal.search import Hasher, Query, search_entries, words_in
from innerchild.journal.tests.helpers import write, write_dialogue, write_trigger


def found(user, words: str) -> set:
    return set(search_entries(user, Query(words=words)))


class EnglishWordFormTests(InnerchildTestCase):
    def setUp(self):
        self.shouted = write(self.alice, title="Dinner", body="My father shouted at me.")
        self.shouting = write_trigger(self.alice, situation="Shouting in the corridor at work")
        self.abandoned = write(self.alice, body="I felt abandoned when she left.")
        self.quiet = write(self.alice, body="A quiet morning by the river.")

    def test_shout_finds_shouted_and_shouting(self):
        self.assertEqual(found(self.alice, "shout"), {self.shouted, self.shouting})

    def test_abandon_finds_abandoned(self):
        self.assertEqual(found(self.alice, "abandon"), {self.abandoned})

    def test_any_form_of_the_word_finds_the_others(self):
        self.assertEqual(found(self.alice, "SHOUTS"), {self.shouted, self.shouting})
        self.assertEqual(found(self.alice, "abandoning"), {self.abandoned})

    def test_every_word_form_must_still_match(self):
        self.assertEqual(found(self.alice, "shouting fathers"), {self.shouted})

    def test_the_search_page_lists_entries_with_another_form_of_the_word(self):
        self.login(self.alice)
        address = self.client.post(reverse("journal:search"), {"q": "shout"})["Location"]
        page = self.client.get(address)
        self.assertEqual(
            {item.entry.id for item in page.context["entries"]},
            {self.shouted.id, self.shouting.id},
        )

    def test_the_index_holds_no_word_and_no_stem(self):
        stored = raw_column_values("journal_entrytoken", "token")
        self.assertTrue(stored)
        self.assertTrue(all(isinstance(token, int) for token in stored))


class SpanishWordFormTests(InnerchildTestCase):
    def setUp(self):
        self.rosa = make_person("rosa@example.org", "Rosa", language="es")
        self.shouted = write(self.rosa, body="Mi padre gritó en la cena.")
        self.shouting = write_dialogue(self.rosa, turns=("¿Por qué gritaban?", "Tenía miedo."))
        self.heart = write(self.rosa, title="Corazón", body="Los corazones rotos de la familia.")
        self.abandoned = write(self.rosa, body="Me sentí abandonada por mi madre.")

    def test_gritar_finds_grito_and_gritaban(self):
        self.assertEqual(found(self.rosa, "gritar"), {self.shouted, self.shouting})

    def test_accents_do_not_matter(self):
        self.assertEqual(found(self.rosa, "corazon"), {self.heart})
        self.assertEqual(found(self.rosa, "CORAZÓN"), {self.heart})
        self.assertEqual(found(self.rosa, "grito"), {self.shouted, self.shouting})

    def test_abandono_finds_abandonada(self):
        self.assertEqual(found(self.rosa, "abandono"), {self.abandoned})

    def test_a_spanish_index_is_stemmed_as_spanish(self):
        self.assertEqual(SearchKey.objects.get(owner=self.rosa).stemming, "es")


class ReindexTests(InnerchildTestCase):
    def make_old_index(self, user):
        """Hashes of whole words, as every index was made before stemming."""
        key = SearchKey.objects.get(owner=user)
        key.stemming = ""
        key.save(update_fields=["stemming"])
        old = Hasher(bytes(key.key))
        EntryToken.objects.filter(owner=user).delete()
        for entry in user.journal_entries.all():
            for word in words_in(entry.body):
                EntryToken.objects.create(entry=entry, owner=user, token=old.word(word))

    def setUp(self):
        self.shouted = write(self.alice, body="My father shouted at me.")
        self.make_old_index(self.alice)

    def test_an_old_index_still_finds_whole_words_before_the_reindex(self):
        self.assertEqual(found(self.alice, "shouted"), {self.shouted})
        self.assertEqual(found(self.alice, "shout"), set())

    def test_the_reindex_command_makes_old_entries_findable_by_word_forms(self):
        out = StringIO()
        call_command("journal", "reindex", "--user", self.alice.email, stdout=out)
        self.assertIn("Re-indexed 1 entry.", out.getvalue())
        self.assertEqual(found(self.alice, "shout"), {self.shouted})
        self.assertEqual(found(self.alice, "shouting"), {self.shouted})
        self.assertEqual(SearchKey.objects.get(owner=self.alice).stemming, "en")

    def test_the_reindex_leaves_other_peoples_index_alone(self):
        bobs = write(self.bob, body="Shouting again.")
        before = set(EntryToken.objects.filter(owner=self.bob).values_list("token", flat=True))
        call_command("journal", "reindex", "--user", self.alice.email, stdout=StringIO())
        after = set(EntryToken.objects.filter(owner=self.bob).values_list("token", flat=True))
        self.assertEqual(before, after)
        self.assertEqual(found(self.bob, "shout"), {bobs})

    def test_the_reindex_follows_a_change_of_language(self):
        self.alice.language = "es"
        self.alice.save(update_fields=["language"])
        write(self.alice, body="Lloraba cada noche.")
        call_command("journal", "reindex", stdout=StringIO())
        self.assertEqual(SearchKey.objects.get(owner=self.alice).stemming, "es")
        self.assertEqual(len(found(self.alice, "llorar")), 1)
