from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import override_settings

from innerchild.core import crypto
from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.journal import actions
from innerchild.journal.models import Affirmation, Draft, Entry, EntryToken, YoungerSelf
from innerchild.journal.tests.helpers import write, write_dialogue, write_trigger

SECRET = "marmalade-umbrella"


class EncryptionAtRestTests(InnerchildTestCase):
    def setUp(self):
        write(
            self.alice,
            title=f"Title {SECRET}",
            body=f"Body {SECRET}",
            tags=[f"tag-{SECRET}"],
            emotion="lonely",
            signs=["loneliness"],
        )
        write_dialogue(self.alice, turns=(f"now {SECRET}", f"little {SECRET}"))
        write_trigger(self.alice, situation=f"situation {SECRET}")
        actions.do_add_affirmation(self.alice, f"I am {SECRET}")
        actions.do_save_younger_self(
            self.alice,
            name=f"Little {SECRET}",
            ages="6",
            needed=f"needed {SECRET}",
            comforting_words=f"words {SECRET}",
        )
        actions.do_save_draft(self.alice, "new:entry", {"body": [f"draft {SECRET}"]})

    def assert_no_plaintext(self, table):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    self.assertNotIn(SECRET, str(value), f"plaintext in {table}")
                    # The chosen feeling is encrypted too, not only what was typed.
                    self.assertNotIn("lonely", str(value).lower(), f"feeling in {table}")

    def test_no_journal_table_holds_the_words_in_plaintext(self):
        for model in (Entry, EntryToken, Affirmation, YoungerSelf, Draft):
            self.assert_no_plaintext(model._meta.db_table)

    def test_the_entry_columns_are_fernet_tokens(self):
        for column in ("title", "body", "tags", "emotion", "signs"):
            for value in raw_column_values("journal_entry", column):
                if value:
                    self.assertTrue(value.startswith("gAAAAA"), column)

    def test_the_words_read_back_through_the_model(self):
        entry = Entry.objects.filter(owner=self.alice, kind="entry").get()
        self.assertEqual(entry.body, f"Body {SECRET}")
        self.assertEqual(entry.emotion, "lonely")


class KeyRotationTests(InnerchildTestCase):
    def test_old_entries_still_read_after_rotation_and_removing_the_old_key(self):
        entry = write(self.alice, title="Before", body="Written under the old key")
        write_dialogue(self.alice, turns=("old now", "old little"))
        actions.do_set_younger_self_photo(self.alice, b"\xff\xd8photo-bytes")
        old_key = crypto.configured_keys()[0]
        new_key = Fernet.generate_key().decode()
        before = raw_column_values("journal_entry", "body")
        try:
            with override_settings(ENCRYPTION_KEYS=[new_key, old_key]):
                crypto.reset_keys()
                call_command("rotate_keys", stdout=__import__("io").StringIO())
            with override_settings(ENCRYPTION_KEYS=[new_key]):
                crypto.reset_keys()
                self.assertNotEqual(raw_column_values("journal_entry", "body"), before)
                entry = Entry.objects.get(id=entry.id)
                self.assertEqual(entry.body, "Written under the old key")
                dialogue = Entry.objects.get(owner=self.alice, kind="dialogue")
                self.assertEqual(dialogue.turns[0]["text"], "old now")
                self.assertEqual(
                    bytes(YoungerSelf.objects.get(owner=self.alice).photo), b"\xff\xd8photo-bytes"
                )
                # The search key was re-encrypted too, so search still finds the old words.
                from innerchild.journal.search import Query, search_entries

                self.assertEqual(list(search_entries(self.alice, Query(words="old key"))), [entry])
                with override_settings(ENCRYPTION_KEYS=[old_key]):
                    crypto.reset_keys()
                    with self.assertRaises(crypto.InvalidToken):
                        Entry.objects.get(id=entry.id)
        finally:
            crypto.reset_keys()
