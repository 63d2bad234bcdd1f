"""Privacy gaps closed: drafts in the export, a voice name that cannot hold free text, deletion
that ends every session and leaves no deleted ciphertext in the SQLite files."""

import io
import json
import subprocess
import sys
import tempfile
import textwrap
import zipfile

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client, SimpleTestCase

from innerchild.core.testing import PASSWORD, InnerchildTestCase, settings_process_environment
from innerchild.guide.models import Preferences


class DraftsInTheExportTests(InnerchildTestCase):
    def test_autosaved_drafts_are_in_my_export(self):
        self.login(self.alice)
        self.client.post(
            "/journal/drafts/save/",
            {"draft_slot": "new:entry", "title": "Unfinished", "body": "Words I never saved."},
        )
        response = self.client.post("/accounts/settings/data/export/")
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            data = json.loads(archive.read("data.json"))
        drafts = data["journal"]["drafts"]
        self.assertEqual(len(drafts), 1)
        self.assertEqual(drafts[0]["form"], "new:entry")
        self.assertEqual(drafts[0]["fields"]["body"], ["Words I never saved."])


class VoiceNameTests(InnerchildTestCase):
    def save_voice(self, name: str):
        return self.client.post(
            "/guide/preferences/",
            {"voice_on": "on", "voice_name": name, "rate": "1.0", "pitch": "1.0"},
        )

    def test_a_voice_name_from_a_browser_list_is_kept(self):
        self.login(self.alice)
        for name in ("Microsoft Zira - English (United States)", "Google 日本語", "Mónica"):
            with self.subTest(name=name):
                self.assertEqual(self.save_voice(name).status_code, 302)
                self.assertEqual(Preferences.objects.get(owner=self.alice).voice_name, name)

    def test_free_text_is_refused_as_a_voice_name(self):
        self.login(self.alice)
        for text in (
            "My father hit me when I was six and nobody ever knew about it " * 3,
            '<img src=x onerror="alert(1)">',
            "line one\nline two",
        ):
            with self.subTest(text=text[:20]):
                response = self.save_voice(text)
                self.assertContains(response, "Choose a voice from the list", status_code=422)
        self.assertFalse(
            Preferences.objects.filter(owner=self.alice).exclude(voice_name="").exists()
        )


class DeletionEndsEverySessionTests(InnerchildTestCase):
    def test_deleting_my_account_ends_my_sessions_on_other_devices(self):
        phone, laptop = Client(), Client()
        for device in (phone, laptop):
            device.post("/accounts/login/", {"username": "alice@example.org", "password": PASSWORD})
        self.client.force_login(self.bob)
        self.assertEqual(self.sessions_of(self.alice.pk), 2)
        laptop.post(
            "/accounts/settings/data/delete/", {"current_password": PASSWORD, "confirm": "on"}
        )
        self.assertEqual(self.sessions_of(self.alice.pk), 0)
        self.assertEqual(self.sessions_of(self.bob.pk), 1)
        response = phone.get("/dashboard/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def sessions_of(self, user_id: int) -> int:
        return sum(
            1
            for session in Session.objects.all()
            if session.get_decoded().get(SESSION_KEY) == str(user_id)
        )


DELETION_SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    call_command("migrate", verbosity=0)
    from innerchild.accounts.actions import do_delete_account
    from innerchild.core.testing import make_person
    from innerchild.safety.actions import do_save_plan
    person = make_person("wal@example.org", "Wal")
    keeper = make_person("keeper@example.org", "Keeper")
    do_save_plan(person, {"warning_signs": "A sentence only Wal ever wrote."})
    do_save_plan(keeper, {"warning_signs": "Keeper's own plan."})
    with connection.cursor() as cursor:
        cursor.execute("SELECT warning_signs FROM safety_safetyplan WHERE user_id = %s", [person.pk])
        print(cursor.fetchone()[0])
    if "{delete}" == "yes":
        do_delete_account(person)
    # Read the files while this process still holds its connection, as a running server does
    # (closing the last connection would checkpoint the log by itself).
    import pathlib, sys
    files = sorted(pathlib.Path(connection.settings_dict["NAME"]).parent.glob("innerchild.sqlite3*"))
    sys.stdout.buffer.write(b"".join(path.read_bytes() for path in files).hex().encode() + b"\\n")
    """
)


def run_deletion(data_dir: str, *, delete: bool) -> str:
    environment = settings_process_environment(data_dir)
    result = subprocess.run(
        [sys.executable, "-c", DELETION_SCRIPT.replace("{delete}", "yes" if delete else "no")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=True,
    )
    ciphertext, files = result.stdout.strip().splitlines()[-2:]
    return ciphertext.encode(), bytes.fromhex(files)


class DeletedCiphertextIsGoneFromTheFilesTests(SimpleTestCase):
    """A real SQLite database file in WAL mode, as `innerchild serve` runs it by default."""

    def test_a_deleted_persons_ciphertext_is_in_no_database_file(self):
        with tempfile.TemporaryDirectory() as data_dir:
            ciphertext, files = run_deletion(data_dir, delete=True)
            self.assertGreater(len(ciphertext), 40)
            self.assertFalse(ciphertext in files, "the deleted ciphertext is still in the files")

    def test_the_check_would_see_ciphertext_that_was_not_deleted(self):
        with tempfile.TemporaryDirectory() as data_dir:
            ciphertext, files = run_deletion(data_dir, delete=False)
            self.assertTrue(ciphertext in files, "the kept ciphertext is not in the files")
