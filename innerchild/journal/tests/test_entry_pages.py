from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal.models import Entry, EntryToken
from innerchild.journal.tests.helpers import write, write_dialogue, write_trigger


class EntryPageTests(InnerchildTestCase):
    def test_it_shows_the_entry_in_my_timezone(self):
        self.alice.timezone = "Asia/Tokyo"
        self.alice.save(update_fields=["timezone"])
        entry = write(self.alice, title="Night thoughts")
        self.login(self.alice)
        response = self.client.get(entry.get_absolute_url())
        self.assertContains(response, "Night thoughts")
        local = entry.created_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
        self.assertContains(response, local.isoformat()[:16])

    def test_it_shows_a_dialogue_turn_by_turn(self):
        entry = write_dialogue(self.alice, turns=("Are you there?", "Yes, I am."))
        self.login(self.alice)
        response = self.client.get(entry.get_absolute_url())
        self.assertContains(response, "Me now")
        self.assertContains(response, "Little me")
        self.assertContains(response, "Yes, I am.")

    def test_it_shows_gentle_insights(self):
        entry = write(self.alice, body="I'm so stupid. I hate myself for it.")
        self.login(self.alice)
        response = self.client.get(entry.get_absolute_url())
        self.assertContains(response, "inner critic")
        self.assertContains(response, "not a judgement or a diagnosis")

    def test_it_escapes_html_in_entries(self):
        entry = write(self.alice, body="<script>alert(1)</script> <img src=x onerror=alert(1)>")
        self.login(self.alice)
        response = self.client.get(entry.get_absolute_url())
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "<img src=x")


class EditEntryTests(InnerchildTestCase):
    def test_it_saves_the_new_text_and_reindexes(self):
        entry = write(self.alice, body="apples")
        self.login(self.alice)
        response = self.client.post(
            reverse("journal:edit", args=[entry.id]),
            {"kind": "entry", "title": "", "body": "pears"},
        )
        self.assertRedirects(response, entry.get_absolute_url())
        entry.refresh_from_db()
        self.assertEqual(entry.body, "pears")
        from innerchild.journal.search import Query, search_entries

        self.assertEqual(list(search_entries(self.alice, Query(words="apples"))), [])
        self.assertEqual(list(search_entries(self.alice, Query(words="pears"))), [entry])

    def test_saving_an_entry_deleted_meanwhile_does_not_bring_it_back(self):
        from django.db import DatabaseError

        from innerchild.journal import actions

        entry = write(self.alice, body="apples")
        Entry.objects.filter(id=entry.id).delete()  # deleted in another tab
        with self.assertRaises(DatabaseError):
            actions.do_update_entry(entry, actions.EntryData(body="pears"))
        self.assertFalse(Entry.objects.exists())

    def test_it_prefills_the_dialogue_turns(self):
        entry = write_dialogue(self.alice, turns=("first", "second", "third"))
        self.login(self.alice)
        response = self.client.get(reverse("journal:edit", args=[entry.id]))
        self.assertContains(response, "second</textarea>")

    def test_it_edits_a_trigger_log(self):
        entry = write_trigger(self.alice)
        self.login(self.alice)
        response = self.client.post(
            reverse("journal:edit", args=[entry.id]),
            {"situation": "Changed", "intensity": "3", "need": "comfort"},
        )
        self.assertRedirects(response, entry.get_absolute_url())
        entry.refresh_from_db()
        self.assertEqual(
            (entry.detail_data["situation"], entry.intensity, entry.need), ("Changed", 3, "comfort")
        )

    def test_it_rejects_a_bad_intensity_and_keeps_what_i_typed(self):
        entry = write_trigger(self.alice)
        self.login(self.alice)
        response = self.client.post(
            reverse("journal:edit", args=[entry.id]), {"situation": "Kept words", "intensity": "11"}
        )
        self.assertContains(response, "Kept words", status_code=422)
        self.assertContains(response, "less than or equal to 10", status_code=422)


class DeleteEntryTests(InnerchildTestCase):
    def test_it_asks_for_confirmation_first(self):
        entry = write(self.alice, title="Keep or not")
        self.login(self.alice)
        response = self.client.get(reverse("journal:delete", args=[entry.id]))
        self.assertContains(response, "Yes, delete it")
        self.assertTrue(Entry.objects.filter(id=entry.id).exists())

    def test_it_deletes_the_entry_and_its_search_hashes(self):
        entry = write(self.alice)
        self.login(self.alice)
        response = self.client.post(reverse("journal:delete", args=[entry.id]))
        self.assertRedirects(response, reverse("journal:index"))
        self.assertFalse(Entry.objects.exists())
        self.assertFalse(EntryToken.objects.exists())
