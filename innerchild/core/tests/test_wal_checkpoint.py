"""Account deletion empties SQLite's write-ahead log even when another connection is reading:
the deletion stands, a warning without content is logged, and a job finishes the checkpoint
once the reader is done. A real database file in WAL mode, as `innerchild serve` runs it."""

import json
import subprocess
import sys
import tempfile
import textwrap

from django.test import SimpleTestCase

from innerchild.core.testing import settings_process_environment

SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    import datetime, json, logging, pathlib, sqlite3, sys
    import time_machine
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    call_command("migrate", verbosity=0)
    from innerchild.accounts.actions import do_delete_account
    from innerchild.accounts.models import User
    from innerchild.core.jobs import run_due_jobs
    from innerchild.core.testing import make_person
    from innerchild.safety.actions import do_save_plan

    class Remember(logging.Handler):
        records = []
        def emit(self, record):
            self.records.append(record.getMessage())

    logging.getLogger("innerchild.db").addHandler(Remember())
    database = pathlib.Path(connection.settings_dict["NAME"])

    def files():
        paths = sorted(database.parent.glob("innerchild.sqlite3*"))
        return b"".join(path.read_bytes() for path in paths)

    person = make_person("wal@example.org", "Wal")
    do_save_plan(person, {"warning_signs": "A sentence only Wal ever wrote."})
    with connection.cursor() as cursor:
        cursor.execute("SELECT warning_signs FROM safety_safetyplan WHERE user_id = %s", [person.pk])
        ciphertext = cursor.fetchone()[0].encode()

    reader = sqlite3.connect(database, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM accounts_user").fetchone()
    do_delete_account(person)
    deleted = not User.objects.filter(email="wal@example.org").exists()
    while_reading = ciphertext in files()
    reader.execute("COMMIT")
    reader.close()
    until_the_job = ciphertext in files()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        ran = run_due_jobs()
    print(json.dumps({
        "deleted": deleted,
        "warnings": Remember.records,
        "in_files_while_reading": while_reading,
        "in_files_until_the_job": until_the_job,
        "jobs_ran": ran,
        "in_files_after": ciphertext in files(),
    }))
    """
)


def delete_while_another_connection_reads(data_dir: str) -> dict:
    environment = settings_process_environment(data_dir)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class BusyCheckpointTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with tempfile.TemporaryDirectory() as data_dir:
            cls.outcome = delete_while_another_connection_reads(data_dir)

    def test_the_deletion_succeeds_while_another_connection_reads(self):
        self.assertTrue(self.outcome["deleted"])

    def test_a_warning_without_content_is_logged_when_the_log_is_in_use(self):
        [warning] = self.outcome["warnings"]
        self.assertIn("write-ahead log is in use", warning)
        self.assertNotIn("Wal", warning)
        self.assertNotIn("sentence", warning)

    def test_the_ciphertext_stays_in_the_log_until_a_checkpoint_succeeds(self):
        self.assertTrue(self.outcome["in_files_while_reading"])
        self.assertTrue(self.outcome["in_files_until_the_job"])

    def test_the_scheduled_checkpoint_clears_the_log_once_the_reader_is_done(self):
        self.assertEqual(self.outcome["jobs_ran"], 1)
        self.assertFalse(self.outcome["in_files_after"])
