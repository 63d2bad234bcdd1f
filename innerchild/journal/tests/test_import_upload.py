import json
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from innerchild.core import jobs
from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.journal import importing
from innerchild.journal.models import Entry, ImportUpload

FIXTURES = Path(__file__).parent / "fixtures"
JRNL_MD = (FIXTURES / "jrnl-export.md").read_bytes()


def jrnl_json(count: int) -> bytes:
    entries = [
        {"title": f"Day {i}", "body": f"Entry number {i}.", "date": "2024-01-01", "time": "09:00"}
        for i in range(count)
    ]
    return json.dumps({"entries": entries}).encode()


class UploadTests(InnerchildTestCase):
    url = reverse("journal:import")

    def upload(self, content: bytes, name: str = "journal.md"):
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, content)})

    def test_the_data_page_offers_the_upload(self):
        self.login(self.alice)
        response = self.client.get(reverse("accounts:data"))
        self.assertContains(response, "Import a journal")
        self.assertContains(response, f'action="{self.url}"')
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, "Up to 10.0\xa0MB.")

    def test_it_imports_a_jrnl_markdown_export_and_shows_what_it_did(self):
        self.login(self.alice)
        response = self.upload(JRNL_MD)
        upload = ImportUpload.objects.get(owner=self.alice)
        self.assertRedirects(response, reverse("journal:import_result", args=[upload.id]))
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), 5)
        page = self.client.get(response["Location"])
        self.assertContains(page, "5 entries imported")
        self.assertContains(page, "0 entries were already in your journal")
        self.assertContains(page, "0 entries skipped")
        self.assertIsNone(ImportUpload.objects.get(id=upload.id).content)

    def test_uploading_the_same_file_again_adds_nothing(self):
        self.login(self.alice)
        self.upload(JRNL_MD)
        page = self.client.get(self.upload(JRNL_MD)["Location"])
        self.assertContains(page, "0 entries imported")
        self.assertContains(page, "5 entries were already in your journal")
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), 5)

    def test_empty_entries_are_skipped_with_the_reason(self):
        self.login(self.alice)
        content = json.dumps(
            {"entries": [{"title": "", "body": "", "date": "2024-01-01", "time": "09:00"}]}
        ).encode()
        page = self.client.get(self.upload(content, "jrnl.json")["Location"])
        self.assertContains(page, "1 entry skipped")
        self.assertContains(page, "entries[0]: empty: no title and no text")

    def test_a_long_list_of_skipped_entries_is_cut_short(self):
        self.login(self.alice)
        empty = {"title": "", "body": "", "date": "2024-01-01", "time": "09:00"}
        content = json.dumps({"entries": [empty] * 60}).encode()
        page = self.client.get(self.upload(content, "jrnl.json")["Location"])
        self.assertContains(page, "60 entries skipped")
        self.assertContains(page, "entries[49]: empty")
        self.assertNotContains(page, "entries[50]: empty")
        self.assertContains(page, "And 10 more.")

    def test_it_requires_login(self):
        response = self.upload(JRNL_MD)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}")
        self.assertFalse(Entry.objects.exists())

    def test_other_methods_are_refused(self):
        self.login(self.alice)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        result = reverse("journal:import_result", args=["00000000-0000-0000-0000-000000000000"])
        self.assertEqual(self.client.post(result).status_code, 405)

    def test_a_file_that_is_not_a_journal_export_is_refused_with_a_clear_message(self):
        self.login(self.alice)
        response = self.upload(b"Dear diary, today was long.", "notes.txt")
        self.assertContains(
            response, "This file cannot be imported, so nothing was imported.", status_code=422
        )
        self.assertContains(
            response, "notes.txt:1: this is not a format that can be imported", status_code=422
        )
        self.assertFalse(Entry.objects.exists())
        self.assertFalse(ImportUpload.objects.exists())

    def test_a_broken_entry_names_its_line_and_nothing_is_imported(self):
        self.login(self.alice)
        broken = JRNL_MD.replace(b"### 2024-03-26 01:05:00 PM", b"### 2024-03-26 99:05:00 PM")
        response = self.upload(broken)
        self.assertContains(response, "journal.md:27: this entry heading", status_code=422)
        self.assertFalse(Entry.objects.exists())

    def test_sending_no_file_asks_for_one(self):
        self.login(self.alice)
        response = self.client.post(self.url, {})
        self.assertContains(response, "This field is required.", status_code=422)

    @override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=2000)
    def test_a_file_over_the_limit_is_refused_with_the_limit(self):
        self.login(self.alice)
        # Just over the limit, and far over it (then Django does not even keep the file).
        for size in (5000, 200_000):
            with self.subTest(size=size):
                response = self.upload(b"{" + b" " * size + b"}", "big.json")
                self.assertContains(
                    response, "The file is too large: the limit is 2.0\xa0KB", status_code=422
                )
                self.assertContains(response, "Nothing was imported.", status_code=422)
        self.assertFalse(ImportUpload.objects.exists())

    def test_an_upload_never_touches_a_temporary_file(self):
        self.login(self.alice)
        # Close to the limit: Django's default handlers would spill this to a file in /tmp.
        big = jrnl_json(1)[:-2] + b"]" + b" " * (9 * 1024 * 1024) + b"}"
        with mock.patch("tempfile.NamedTemporaryFile", side_effect=AssertionError("temp file")):
            response = self.upload(big, "jrnl.json")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), 1)

    def test_the_result_of_alices_import_is_hidden_from_bob(self):
        self.login(self.alice)
        location = self.upload(JRNL_MD)["Location"]
        self.login(self.bob)
        self.assertEqual(self.client.get(location).status_code, 404)


class LargeUploadTests(InnerchildTestCase):
    url = reverse("journal:import")

    def test_a_large_file_is_imported_by_a_worker_and_the_page_follows_it(self):
        self.login(self.alice)
        count = importing.SYNC_IMPORT_ENTRIES + 1
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url, {"file": SimpleUploadedFile("jrnl.json", jrnl_json(count))}
            )
        upload = ImportUpload.objects.get(owner=self.alice)
        self.assertEqual((upload.status, upload.entries_found), ("queued", count))
        self.assertFalse(Entry.objects.exists())
        waiting = self.client.get(response["Location"])
        self.assertContains(waiting, f"The file holds {count} entries")
        self.assertContains(waiting, 'hx-trigger="every 2s"')
        # While it waits, the file is stored encrypted: no word of it in the row.
        (stored,) = raw_column_values("journal_importupload", "content")
        self.assertNotIn(b"Entry number", bytes(stored))
        self.assertEqual(jobs.run_due_jobs(), 1)
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), count)
        done = self.client.get(response["Location"])
        self.assertContains(done, f"{count} entries imported")
        self.assertNotContains(done, "hx-trigger")
        finished = ImportUpload.objects.get(id=upload.id)
        self.assertEqual((finished.content, finished.processed), (None, count))

    def test_the_page_shows_how_far_the_worker_has_got(self):
        self.login(self.alice)
        count = importing.SYNC_IMPORT_ENTRIES + 1
        with self.captureOnCommitCallbacks(execute=True):
            upload = importing.receive_upload(self.alice, "jrnl.json", jrnl_json(count))
        ImportUpload.objects.filter(id=upload.id).update(status="running", processed=50)
        page = self.client.get(reverse("journal:import_result", args=[upload.id]))
        self.assertContains(page, f"50 of {count} entries gone through so far.")
        self.assertContains(page, f'max="{count}" value="50"')

    def test_a_worker_that_fails_half_way_keeps_what_it_imported_and_a_new_upload_adds_the_rest(
        self,
    ):
        count = importing.SYNC_IMPORT_ENTRIES + 1
        with self.captureOnCommitCallbacks(execute=True):
            upload = importing.receive_upload(self.alice, "jrnl.json", jrnl_json(count))
        real = importing.import_parsed
        calls = []

        def fail_on_second_batch(user, parsed):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("the database went away")
            return real(user, parsed)

        with mock.patch.object(importing, "import_parsed", side_effect=fail_on_second_batch):
            self.assertEqual(importing.run_upload(str(upload.id)), "failed")
        upload.refresh_from_db()
        self.assertEqual(upload.status, "failed")
        self.assertIn("What was imported so far stays", upload.report_data["problem"])
        self.assertIsNone(upload.content)
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), importing.IMPORT_BATCH)
        with self.captureOnCommitCallbacks(execute=True):
            again = importing.receive_upload(self.alice, "jrnl.json", jrnl_json(count))
        importing.run_upload(str(again.id))
        again.refresh_from_db()
        self.assertEqual(
            (again.report_data["created"], again.report_data["duplicates"]),
            (count - importing.IMPORT_BATCH, importing.IMPORT_BATCH),
        )
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), count)

    def test_the_worker_can_run_the_same_import_twice_without_doubling_it(self):
        count = importing.SYNC_IMPORT_ENTRIES + 1
        with self.captureOnCommitCallbacks(execute=True):
            upload = importing.receive_upload(self.alice, "jrnl.json", jrnl_json(count))
        importing.run_upload(str(upload.id))
        self.assertEqual(importing.run_upload(str(upload.id)), "nothing to import")
        self.assertEqual(Entry.objects.filter(owner=self.alice).count(), count)
