import io
import json
import zipfile
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import CommandError, call_command

from innerchild.core.testing import InnerchildTestCase, make_person
from innerchild.journal import actions
from innerchild.journal.exporting import build_zip, entry_record
from innerchild.journal.models import Affirmation, Entry, YoungerSelf
from innerchild.journal.tests.helpers import write, write_dialogue, write_trigger

JRNL = {
    "tags": {"@work": 1},
    "entries": [
        {
            "title": "Monday",
            "body": "A long day at @work.",
            "date": "2024-03-04",
            "time": "09:15",
            "tags": ["@work"],
            "starred": False,
        },
        {
            "title": "Tuesday",
            "body": "Rested.",
            "date": "2024-03-05",
            "time": "21:00",
            "tags": [],
            "starred": True,
        },
    ],
}


def run(*args) -> str:
    out = io.StringIO()
    call_command("journal", *args, stdout=out)
    return out.getvalue()


class ImportTests(InnerchildTestCase):
    def setUp(self):
        self.tmp = TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def jrnl_file(self, data=JRNL) -> Path:
        path = self.dir / "jrnl.json"
        path.write_text(json.dumps(data, indent=2))
        return path

    def test_it_imports_jrnl_json_in_my_timezone(self):
        self.alice.timezone = "Europe/Madrid"
        self.alice.save(update_fields=["timezone"])
        output = run("import", "--user", "alice@example.org", str(self.jrnl_file()))
        self.assertIn("2 entries imported, 0 already there", output)
        monday = Entry.objects.get(owner=self.alice, created_at__date="2024-03-04")
        self.assertEqual((monday.title, monday.tag_list), ("Monday", ["work"]))
        self.assertEqual(monday.created_at.isoformat(), "2024-03-04T08:15:00+00:00")

    def test_importing_the_same_file_twice_adds_nothing(self):
        path = self.jrnl_file()
        run("import", "--user", "alice@example.org", str(path))
        output = run("import", "--user", "alice@example.org", str(path))
        self.assertIn("0 entries imported, 2 already there", output)
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), 2)

    def test_the_fingerprint_is_a_keyed_hash_not_the_text(self):
        run("import", "--user", "alice@example.org", str(self.jrnl_file()))
        run("import", "--user", "bob@example.org", str(self.jrnl_file()))
        alice = set(Entry.objects.filter(owner=self.alice).values_list("fingerprint", flat=True))
        bob = set(Entry.objects.filter(owner=self.bob).values_list("fingerprint", flat=True))
        self.assertFalse(alice & bob)

    def test_a_malformed_file_stops_with_its_position_and_imports_nothing(self):
        path = self.dir / "broken.json"
        path.write_text('{"entries": [\n  {"title": "a", "date": "2024-01-01"},\n  {"title": }\n]}')
        with self.assertRaisesMessage(CommandError, f"{path}:3:13: not valid JSON"):
            run("import", "--user", "alice@example.org", str(path))
        self.assertFalse(Entry.objects.exists())

    def test_a_bad_entry_names_its_line_and_nothing_is_half_imported(self):
        data = {"entries": [JRNL["entries"][0], {"title": "x", "body": "y", "date": "last week"}]}
        path = self.jrnl_file(data)
        with self.assertRaisesMessage(CommandError, f"{path}:13: entries[1]: date must look like"):
            run("import", "--user", "alice@example.org", str(path))
        self.assertFalse(Entry.objects.exists())

    def test_it_imports_a_markdown_folder(self):
        folder = self.dir / "notes"
        folder.mkdir()
        (folder / "2024-05-01-morning.md").write_text("# Morning pages\n\nCoffee and quiet.")
        (folder / "letter.md").write_text(
            "---\ntitle: Dear me\ndate: 2024-05-02T10:00:00+00:00\nkind: letter_to\n"
            "tags: [letters]\n---\n\nYou are safe now."
        )
        output = run("import", "--user", "alice@example.org", str(folder))
        self.assertIn("2 entries imported", output)
        letter = Entry.objects.get(owner=self.alice, kind="letter_to")
        self.assertEqual(
            (letter.title, letter.body, letter.tag_list),
            ("Dear me", "You are safe now.", ["letters"]),
        )
        morning = Entry.objects.get(owner=self.alice, kind="entry")
        self.assertEqual((morning.title, morning.body), ("Morning pages", "Coffee and quiet."))
        self.assertIn(
            "0 entries imported, 2 already there",
            run("import", "--user", "alice@example.org", str(folder)),
        )

    def test_it_imports_jrnls_one_file_per_entry_export(self):
        folder = self.dir / "my_entries"
        folder.mkdir()
        for index, record in enumerate(JRNL["entries"]):
            (folder / f"2024_03_0{index + 4}_entry.json").write_text(json.dumps(record))
        self.assertIn(
            "2 entries imported", run("import", "--user", "alice@example.org", str(folder))
        )
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), 2)

    def test_bad_front_matter_names_the_file_and_line(self):
        folder = self.dir / "notes"
        folder.mkdir()
        (folder / "a.md").write_text("fine")
        (folder / "b.md").write_text("---\ntitle: [unclosed\n---\nbody")
        with self.assertRaisesMessage(CommandError, f"{folder / 'b.md'}:"):
            run("import", "--user", "alice@example.org", str(folder))
        self.assertFalse(Entry.objects.exists())

    def test_an_unknown_person_is_an_error(self):
        with self.assertRaisesMessage(CommandError, "No account with the email nobody@example.org"):
            run("import", "--user", "nobody@example.org", str(self.jrnl_file()))


class ExportRoundTripTests(InnerchildTestCase):
    def test_export_then_import_into_a_fresh_account_gives_the_same_entries(self):
        write(
            self.alice,
            title="Plain",
            body="Some *words*",
            tags=["a", "b"],
            emotion="hopeful",
            signs=["stress"],
            pleasantness=4,
            energy=2,
        )
        write_dialogue(self.alice, turns=("Hello", "Hi", "Want to play?"))
        write_trigger(self.alice, intensity=8, need="comfort")
        actions.do_add_affirmation(self.alice, "I am allowed to rest.")
        actions.do_save_younger_self(
            self.alice, name="Ally", ages="7", needed="Time", comforting_words="I see you"
        )
        with TemporaryDirectory() as tmp:
            out = Path(tmp) / "alice.zip"
            self.assertIn("Wrote", run("export", "--user", "alice@example.org", str(out)))
            self.assertEqual(out.stat().st_mode & 0o777, 0o600)
            with zipfile.ZipFile(out) as archive:
                names = archive.namelist()
            self.assertIn("journal.json", names)
            self.assertEqual(
                len([n for n in names if n.startswith("entries/") and n.endswith(".md")]), 3
            )
            fresh = make_person("fresh@example.org", "Fresh")
            self.assertIn(
                "3 entries imported", run("import", "--user", "fresh@example.org", str(out))
            )
            self.assertIn(
                "0 entries imported, 3 already there",
                run("import", "--user", "fresh@example.org", str(out)),
            )

        def comparable(user):
            records = [
                entry_record(e) for e in Entry.objects.filter(owner=user).order_by("created_at")
            ]
            for record in records:
                for key in ("id", "updated_at", "url"):
                    record.pop(key)
            return records

        self.assertEqual(comparable(fresh), comparable(self.alice))
        self.assertEqual(
            list(Affirmation.objects.filter(owner=fresh).values_list("text", flat=True)),
            ["I am allowed to rest."],
        )
        self.assertEqual(YoungerSelf.objects.get(owner=fresh).name, "Ally")

    def test_the_account_export_includes_the_journal(self):
        write(self.alice, title="In the archive")
        from innerchild.accounts.actions import build_export

        with zipfile.ZipFile(io.BytesIO(build_export(self.alice))) as archive:
            data = json.loads(archive.read("data.json"))
            names = archive.namelist()
        self.assertEqual(data["journal"]["entries"][0]["title"], "In the archive")
        self.assertTrue(any(n.startswith("journal/entries/") for n in names))

    def test_the_zip_holds_no_one_elses_entries(self):
        write(self.bob, title="Bob's")
        write(self.alice, title="Alice's")
        with zipfile.ZipFile(io.BytesIO(build_zip(self.alice))) as archive:
            data = json.loads(archive.read("journal.json"))
        self.assertEqual([e["title"] for e in data["entries"]], ["Alice's"])
