"""The contract other apps rely on (innerchild/journal/api.py)."""

from django.test import Client

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal import actions, api
from innerchild.journal.models import Affirmation, Entry
from innerchild.journal.tests.helpers import write_trigger


class JournalApiTests(InnerchildTestCase):
    def test_create_entry_from_saves_an_encrypted_session_entry(self):
        entry_id = api.create_entry_from(
            self.alice,
            kind="session",
            title="Meeting little me",
            body="I held her hand.",
            signs=["loneliness", "not-a-sign"],
            feelings=["tender"],
            source="guide-session:1",
        )
        entry = Entry.objects.get(id=entry_id)
        self.assertEqual(
            (entry.kind, entry.body, entry.sign_list, entry.emotion),
            ("session", "I held her hand.", ["loneliness"], "tender"),
        )

    def test_the_same_source_updates_instead_of_adding(self):
        first = api.create_entry_from(
            self.alice, kind="session", title="a", body="one", source="guide-session:9"
        )
        second = api.create_entry_from(
            self.alice, kind="session", title="b", body="two", source="guide-session:9"
        )
        self.assertEqual(first, second)
        self.assertEqual(Entry.objects.get().body, "two")

    def test_the_owner_can_edit_a_session_entry_in_the_journal(self):
        entry_id = api.create_entry_from(self.alice, kind="session", title="a", body="one")
        client = Client()
        client.force_login(self.alice)
        response = client.post(
            f"/journal/entries/{entry_id}/edit/", {"kind": "session", "body": "more"}
        )
        self.assertEqual(response.status_code, 302)

    def test_add_affirmation(self):
        api.add_affirmation(self.alice, "  I belong.  ")
        self.assertEqual(Affirmation.objects.get().text, "I belong.")

    def test_younger_self(self):
        self.assertIsNone(api.younger_self_summary(self.alice))
        self.assertIsNone(api.younger_self_photo_url(self.alice))
        actions.do_save_younger_self(
            self.alice, name="Al", ages="5", needed="Hugs", comforting_words="Safe now"
        )
        self.assertEqual(
            api.younger_self_summary(self.alice),
            {"name": "Al", "ages": "5", "needed": "Hugs", "comforting_words": "Safe now"},
        )
        profile = actions.do_set_younger_self_photo(self.alice, b"jpeg")
        self.assertEqual(
            api.younger_self_photo_url(self.alice), f"/journal/younger-self/photo/{profile.id}/"
        )
        self.assertIsNone(api.younger_self_summary(self.bob))

    def test_triggers_are_owner_only(self):
        trigger = write_trigger(self.alice, situation="Door slammed", need="safety", title="Door")
        choices = api.trigger_choices(self.alice)
        self.assertEqual(choices[0][0], str(trigger.id))
        self.assertIn("Door", choices[0][1])
        summary = api.trigger_summary(self.alice, str(trigger.id))
        self.assertEqual(
            (summary["situation"], summary["need"], summary["need_label"]),
            ("Door slammed", "safety", "Safety"),
        )
        self.assertIsNone(api.trigger_summary(self.bob, str(trigger.id)))
        self.assertIsNone(api.trigger_summary(self.alice, "nonsense"))
        self.assertEqual(api.trigger_choices(self.bob), [])

    def test_feeling_families(self):
        families = api.feeling_families()
        self.assertGreaterEqual(sum(len(f["feelings"]) for f in families), 60)
        self.assertEqual(set(families[0]), {"id", "label", "feelings"})

    def test_entry_url_is_owner_only(self):
        entry_id = api.create_entry_from(self.alice, kind="session", title="t", body="b")
        self.assertEqual(api.entry_url(self.alice, entry_id), f"/journal/entries/{entry_id}/")
        self.assertIsNone(api.entry_url(self.bob, entry_id))

    def test_entry_insights_give_figures_not_text(self):
        api.create_entry_from(self.alice, kind="session", title="t", body="I'm so stupid and sad.")
        api.create_entry_from(self.bob, kind="session", title="t", body="Bob's")
        rows = api.entry_insights(self.alice)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["self_criticism_markers"], 1)
        self.assertIn("sad", rows[0]["families"])
        self.assertLess(rows[0]["valence"], 0)
        self.assertNotIn("stupid", str(rows))


class DemoDataTests(InnerchildTestCase):
    def test_demo_data_is_idempotent(self):
        from innerchild.journal.demo import build_demo

        build_demo(self.alice)
        counts = (Entry.objects.count(), Affirmation.objects.count())
        build_demo(self.alice)
        self.assertEqual((Entry.objects.count(), Affirmation.objects.count()), counts)
        self.assertTrue(Entry.objects.filter(kind="dialogue").exists())
        self.assertGreaterEqual(Entry.objects.filter(kind="trigger").count(), 2)
