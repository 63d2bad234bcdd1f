"""jrnl's Markdown export, telling formats apart, and exports in the person's time zone.

The fixtures were written by jrnl 4.6 itself from fixtures/jrnl-journal.txt, with
`jrnl --export markdown` and `jrnl --export json` (config: timeformat "%F %r", tagsymbols "#@").
"""

import io
import json
import zipfile
from pathlib import Path

import time_machine
from django.utils import timezone

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal import actions, importing
from innerchild.journal.exporting import build_zip, export_data
from innerchild.journal.models import Entry

FIXTURES = Path(__file__).parent / "fixtures"
JRNL_MD = (FIXTURES / "jrnl-export.md").read_bytes()
JRNL_JSON = (FIXTURES / "jrnl-export.json").read_bytes()


def parse(content, user, name="export.md"):
    if isinstance(content, str):
        content = content.encode()
    return importing.parse_upload(name, content, user)


def entries_of(parsed):
    return [data for _where, data in parsed.entries]


class JrnlMarkdownTests(InnerchildTestCase):
    def setUp(self):
        self.alice.timezone = "America/Chicago"
        self.alice.save(update_fields=["timezone"])

    def test_it_reads_every_entry_of_a_real_jrnl_export(self):
        parsed = parse(JRNL_MD, self.alice)
        self.assertEqual(parsed.source_format, "jrnl-markdown")
        found = entries_of(parsed)
        self.assertEqual(
            [e.title for e in found],
            [
                "Last night of the year.",
                "Morning pages!",
                "Evening walk.",
                "A title only",
                "Día de terapia.",
            ],
        )
        walk = found[2]
        self.assertEqual(walk.created_at.isoformat(), "2024-03-24T20:00:00-05:00")
        self.assertEqual(
            walk.body,
            "Walked by the lake with @Sam. Felt calm.\n\n# What I noticed\n\n"
            "The old fear came back for a moment, then passed.\n\n#gratitude for the light.",
        )
        self.assertEqual(sorted(walk.tags), ["#gratitude", "@sam"])
        self.assertEqual(found[3].body, "")
        self.assertIn("## Después\n\nMe siento más ligera.", found[4].body)

    def test_it_gives_the_same_entries_as_jrnls_json_export(self):
        from_markdown = entries_of(parse(JRNL_MD, self.alice))
        from_json = entries_of(parse(JRNL_JSON, self.alice, "export.json"))
        self.assertEqual(
            [(e.title, e.body, e.created_at) for e in from_markdown],
            [(e.title, e.body, e.created_at) for e in from_json],
        )
        self.assertEqual(
            [sorted(actions.clean_tags(e.tags)) for e in from_markdown],
            [sorted(actions.clean_tags(e.tags)) for e in from_json],
        )

    def test_importing_it_twice_adds_nothing_and_json_after_markdown_adds_nothing(self):
        first = importing.import_parsed(self.alice, parse(JRNL_MD, self.alice))
        again = importing.import_parsed(self.alice, parse(JRNL_MD, self.alice))
        as_json = importing.import_parsed(self.alice, parse(JRNL_JSON, self.alice, "x.json"))
        self.assertEqual((first.created, first.duplicates), (5, 0))
        self.assertEqual((again.created, again.duplicates), (0, 5))
        self.assertEqual((as_json.created, as_json.duplicates), (0, 5))
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), 5)

    def test_imported_words_are_encrypted_in_the_database(self):
        importing.import_parsed(self.alice, parse(JRNL_MD, self.alice))
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT title, body FROM journal_entry")
            rows = cursor.fetchall()
        self.assertEqual(len(rows), 5)
        self.assertFalse(any("lake" in (body or "") or "Evening" in title for title, body in rows))

    def test_it_reads_24_hour_times_and_a_title_that_starts_with_am(self):
        text = (
            "# 2024\n\n## May\n\n### 2024-05-01 21:05 am I ok? Yes.\n\nBody.\n \n"
            "### 2024-05-02 09:00 Morning\n\n \n"
        )
        first, second = entries_of(parse(text, self.alice))
        self.assertEqual((first.title, first.created_at.hour), ("am I ok? Yes.", 21))
        self.assertEqual((second.title, second.created_at.hour), ("Morning", 9))

    def test_it_reads_twelve_oclock_the_way_jrnl_writes_it(self):
        text = (
            "### 2024-05-01 12:05:00 AM After midnight\n\n \n"
            "### 2024-05-01 12:30:00 PM Lunch\n\n \n"
        )
        night, noon = entries_of(parse(text, self.alice))
        self.assertEqual((night.created_at.hour, noon.created_at.hour), (0, 12))

    def test_it_reads_one_file_of_jrnls_export_to_a_folder(self):
        text = "# 2024-03-24 08:00:00 PM Evening walk.\n\nBy the lake.\n\n## Later\n\nHome.\n "
        (entry,) = entries_of(parse(text, self.alice))
        self.assertEqual(entry.title, "Evening walk.")
        self.assertEqual(entry.body, "By the lake.\n\n# Later\n\nHome.")

    def test_windows_line_endings_and_a_byte_order_mark_are_fine(self):
        text = "\ufeff# 2024\r\n\r\n## May\r\n\r\n### 2024-05-01 09:00 Hello\r\n\r\nWorld.\r\n \r\n"
        (entry,) = entries_of(parse(text, self.alice))
        self.assertEqual((entry.title, entry.body), ("Hello", "World."))

    def test_a_very_long_first_sentence_is_kept_whole_in_the_body(self):
        sentence = "I " + "really " * 40 + "needed this."
        (entry,) = entries_of(parse(f"### 2024-05-01 09:00 {sentence}\n\nMore.\n \n", self.alice))
        self.assertEqual((entry.title, entry.body), ("", f"{sentence} More."))

    def test_an_edited_heading_is_refused_with_its_line(self):
        text = "# 2024\n\n## May\n\n### 2024-05-01 09:00 Hello\n\nWorld.\n\n### Notes\n"
        with self.assertRaisesMessage(importing.ImportProblem, "export.md:9: a heading that jrnl"):
            parse(text, self.alice)

    def test_a_heading_with_an_impossible_time_is_refused(self):
        with self.assertRaisesMessage(importing.ImportProblem, "export.md:1: this entry heading"):
            parse("### 2024-05-01 25:61 Hello\n\nWorld.\n \n", self.alice)

    def test_text_before_the_first_entry_is_refused(self):
        with self.assertRaisesMessage(importing.ImportProblem, "export.md:1: text before"):
            parse("Some notes\n### 2024-05-01 09:00 Hello\n\nWorld.\n \n", self.alice)


class FormatDetectionTests(InnerchildTestCase):
    def test_each_format_is_recognised_from_its_content(self):
        dayone = {
            "metadata": {"version": "1.0"},
            "entries": [
                {
                    "creationDate": "2024-03-25T01:00:00Z",
                    "timeZone": "America/Chicago",
                    "text": "# Evening walk\n\nBy the lake\\. ![](dayone-moment://ABC)\n",
                    "tags": ["walks"],
                },
                {"creationDate": "2024-03-26T01:00:00Z", "text": "![](dayone-moment://DEF)"},
            ],
        }
        cases = {
            "jrnl-markdown": JRNL_MD,
            "jrnl-json": JRNL_JSON,
            "dayone": json.dumps(dayone).encode(),
        }
        for expected, content in cases.items():
            with self.subTest(expected):
                # The name says nothing: the content decides.
                self.assertEqual(parse(content, self.alice, "upload").source_format, expected)

    def test_a_day_one_zip_is_read_and_media_only_entries_are_skipped_with_a_reason(self):
        dayone = {
            "entries": [
                {
                    "creationDate": "2024-03-25T01:00:00Z",
                    "text": "# Walk\n\nBy the lake\\.",
                    "tags": ["walks"],
                },
                {"creationDate": "2024-03-26T01:00:00Z", "text": "![](dayone-moment://DEF)"},
            ]
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("Journal.json", json.dumps(dayone))
            archive.writestr("photos/abc.jpeg", b"not imported")
        parsed = parse(buffer.getvalue(), self.alice, "dayone.zip")
        (entry,) = entries_of(parsed)
        self.assertEqual((entry.title, entry.body, entry.tags), ("Walk", "By the lake.", ["walks"]))
        self.assertEqual(entry.created_at.isoformat(), "2024-03-25T01:00:00+00:00")
        self.assertEqual(
            parsed.skipped, [("entries[1]", "only photos or other media, which are not imported")]
        )

    def test_plain_text_is_refused_with_the_formats_that_work(self):
        with self.assertRaisesMessage(importing.ImportProblem, "notes.txt:1: this is not a format"):
            parse("Dear diary, today was long.", self.alice, "notes.txt")

    def test_a_file_that_is_not_text_is_refused(self):
        with self.assertRaisesMessage(importing.ImportProblem, "photo.jpg:1: not UTF-8 text"):
            parse(b"\xff\xd8\xff\xe0 binary", self.alice, "photo.jpg")

    def test_a_zip_that_unpacks_to_too_much_is_refused_before_reading_it(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("journal.json", b" " * (importing.MAX_UNPACKED_BYTES + 1))
        self.assertLess(len(buffer.getvalue()), 200_000)
        with self.assertRaisesMessage(importing.ImportProblem, "bomb.zip: this zip unpacks to"):
            parse(buffer.getvalue(), self.alice, "bomb.zip")

    def test_a_damaged_zip_is_refused(self):
        with self.assertRaisesMessage(importing.ImportProblem, "bad.zip:1: not a zip file"):
            parse(b"PK\x03\x04 broken", self.alice, "bad.zip")


class ExportTimeZoneTests(InnerchildTestCase):
    def setUp(self):
        self.alice.timezone = "America/Chicago"
        self.alice.save(update_fields=["timezone"])

    @time_machine.travel("2024-03-25T01:00:00+00:00", tick=False)
    def test_an_entry_written_at_8_pm_in_chicago_is_exported_on_its_own_day(self):
        # 20:00 on the 24th in Chicago (CDT, -05:00) is 01:00 on the 25th in UTC.
        actions.do_create_entry(self.alice, actions.EntryData(title="Evening", body="Calm."))
        actions.do_add_affirmation(self.alice, "I am allowed to rest.")
        data = export_data(self.alice)
        self.assertEqual(data["timezone"], "America/Chicago")
        self.assertEqual(data["exported_at"], "2024-03-24T20:00:00-05:00")
        self.assertEqual(data["entries"][0]["created_at"], "2024-03-24T20:00:00-05:00")
        self.assertEqual(data["affirmations"][0]["created_at"], "2024-03-24T20:00:00-05:00")
        with zipfile.ZipFile(io.BytesIO(build_zip(self.alice))) as archive:
            (name,) = [n for n in archive.namelist() if n.startswith("entries/")]
            markdown = archive.read(name).decode()
        self.assertTrue(name.startswith("entries/2024-03-24-evening-"))
        self.assertIn("date: 2024-03-24T20:00:00-05:00", markdown)

    @time_machine.travel("2024-03-25T01:00:00+00:00", tick=False)
    def test_the_account_export_writes_times_in_the_persons_zone(self):
        from innerchild.accounts.actions import build_export

        actions.do_create_entry(self.alice, actions.EntryData(title="Evening", body="Calm."))
        with zipfile.ZipFile(io.BytesIO(build_export(self.alice))) as archive:
            data = json.loads(archive.read("data.json"))
        self.assertEqual(data["exported_at"], "2024-03-24T20:00:00-05:00")
        self.assertEqual(data["timezone"], "America/Chicago")
        self.assertEqual(data["journal"]["entries"][0]["created_at"], "2024-03-24T20:00:00-05:00")

    def test_an_export_in_chicago_imports_into_an_account_elsewhere_at_the_same_moment(self):
        moment = timezone.now().replace(microsecond=0)
        actions.do_create_entry(
            self.alice, actions.EntryData(title="Evening", body="Calm.", created_at=moment)
        )
        self.bob.timezone = "Asia/Tokyo"
        self.bob.save(update_fields=["timezone"])
        report = importing.import_parsed(
            self.bob, parse(build_zip(self.alice), self.bob, "alice.zip")
        )
        self.assertEqual(report.created, 1)
        self.assertEqual(Entry.objects.get(owner=self.bob).created_at, moment)


class CommandTests(InnerchildTestCase):
    def test_the_command_imports_jrnls_markdown_export_and_then_adds_nothing(self):
        from django.core.management import call_command

        def run() -> str:
            out = io.StringIO()
            call_command(
                "journal",
                "import",
                "--user",
                "alice@example.org",
                str(FIXTURES / "jrnl-export.md"),
                stdout=out,
            )
            return out.getvalue()

        self.assertIn("jrnl Markdown: 5 entries imported, 0 already there.", run())
        self.assertIn("jrnl Markdown: 0 entries imported, 5 already there.", run())


class JournivTests(InnerchildTestCase):
    def journiv_zip(self, entries) -> bytes:
        data = {
            "export_version": "1.4",
            "export_date": "2024-04-01T10:00:00Z",
            "app_version": "0.1.0",
            "user_email": "someone@example.org",
            "journals": [{"title": "Daily", "entries": entries}],
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("data.json", json.dumps(data))
            archive.writestr("media/abc.jpg", b"not imported")
        return buffer.getvalue()

    def test_a_journiv_export_is_read_from_its_zip(self):
        content = self.journiv_zip(
            [
                {
                    "title": "Evening walk",
                    "content_plain_text": "By the lake.\nFelt calm.",
                    "entry_date": "2024-03-24",
                    "entry_datetime_utc": "2024-03-25T01:00:00",
                    "entry_timezone": "America/Chicago",
                    "tags": ["walks"],
                },
                {
                    "title": "Older version",
                    "content_delta": {"ops": [{"insert": "Delta "}, {"insert": "text\n"}]},
                    "entry_datetime_utc": "2024-03-26T08:00:00Z",
                },
                {
                    "title": "",
                    "content_plain_text": "",
                    "entry_datetime_utc": "2024-03-27T08:00:00Z",
                },
            ]
        )
        parsed = parse(content, self.alice, "journiv_export.zip")
        self.assertEqual(parsed.source_format, "journiv")
        walk, older = entries_of(parsed)
        self.assertEqual(
            (walk.title, walk.body, walk.tags),
            ("Evening walk", "By the lake.\nFelt calm.", ["walks"]),
        )
        self.assertEqual(walk.created_at.isoformat(), "2024-03-25T01:00:00+00:00")
        self.assertEqual(older.body, "Delta text")
        self.assertEqual(parsed.skipped[0][0], "journals[0].entries[2]")
        first = importing.import_parsed(self.alice, parsed)
        again = importing.import_parsed(
            self.alice, parse(content, self.alice, "journiv_export.zip")
        )
        self.assertEqual((first.created, again.created, again.duplicates), (2, 0, 2))

    def test_a_journiv_entry_without_its_time_names_where_it_is(self):
        content = self.journiv_zip([{"title": "x", "content_plain_text": "y"}])
        with self.assertRaisesMessage(
            importing.ImportProblem, "j.zip!data.json: journals[0].entries[0]: entry_datetime_utc"
        ):
            parse(content, self.alice, "j.zip")
