"""`innerchild backup` and `innerchild restore`, run as commands against real installs: every
row and file comes back, and everything encrypted still decrypts, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from django.test import SimpleTestCase

KEYS = "dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LWs="


def environment(data_dir: str, database_url: str | None) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "INNERCHILD_TESTING", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(INNERCHILD_DATA_DIR=data_dir, ENCRYPTION_KEYS=KEYS)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "innerchild.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def call(env: dict, function: str) -> str:
    code = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'innerchild.settings');"
        f"django.setup(); from innerchild.core.tests import backup_support; backup_support.{function}()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600
    )
    if result.returncode:
        raise AssertionError(result.stderr[-3000:])
    return result.stdout


class PostgresDatabases:
    """Two throwaway databases beside the one the tests run on."""

    def __init__(self, url: str):
        self.url = urlparse(url)
        self.names = [
            f"{self.url.path.lstrip('/')}_backup_{uuid.uuid4().hex[:8]}_{n}" for n in "ab"
        ]

    def _admin(self, statement: str) -> None:
        import psycopg

        admin = urlunparse(self.url._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(statement)

    def __enter__(self) -> list[str]:
        for name in self.names:
            self._admin(f'CREATE DATABASE "{name}"')
        return [urlunparse(self.url._replace(path=f"/{name}")) for name in self.names]

    def __exit__(self, *exc) -> None:
        for name in self.names:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class BackupRoundTripTests(SimpleTestCase):
    def round_trip(self, source_url: str | None, target_url: str | None, *options: str):
        with tempfile.TemporaryDirectory() as root:
            source = environment(str(Path(root) / "source"), source_url)
            target = environment(str(Path(root) / "target"), target_url)
            call(source, "populate")
            before = json.loads(call(source, "fingerprint"))
            out = Path(root) / "backup"
            made = run(source, "backup", str(out), *options)
            self.assertEqual(made.returncode, 0, made.stderr)
            self.assertIn("NOT in the backup", made.stdout)
            restored = run(target, "restore", str(out))
            self.assertEqual(restored.returncode, 0, restored.stderr)
            after = json.loads(call(target, "fingerprint"))
            files = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
            return files, before, after

    def assert_everything_came_back(self, before: dict, after: dict):
        self.assertGreater(before["journal.Entry"][0], 5)
        self.assertEqual(before["journal.YoungerSelf"][0], 1)
        for label, (count, digest) in before.items():
            if label == "sessions.Session":
                continue
            with self.subTest(model=label):
                self.assertEqual(after[label], [count, digest])

    def test_a_sqlite_install_comes_back_whole_and_readable(self):
        files, before, after = self.round_trip(None, None)
        self.assert_everything_came_back(before, after)
        manifest = json.loads(files["manifest.json"])
        self.assertEqual(manifest["method"], "sqlite-online-backup")
        self.assertIn("database.sqlite3", manifest["files"])

    def test_a_logical_backup_comes_back_whole_and_readable_on_this_database(self):
        """On a PostgreSQL run: PostgreSQL to PostgreSQL, the way PostgreSQL is backed up. On
        SQLite: the same rows-and-serialisers path with --logical, SQLite to SQLite."""
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            with PostgresDatabases(url) as (source_url, target_url):
                files, before, after = self.round_trip(source_url, target_url)
        else:
            files, before, after = self.round_trip(None, None, "--logical")
        self.assert_everything_came_back(before, after)
        manifest = json.loads(files["manifest.json"])
        self.assertEqual(manifest["method"], "django-serializers-one-transaction")
        # Nothing in the dump is readable without the keys.
        dump = files["database.jsonl"]
        self.assertNotIn(b"demo@innerchild.local", dump)
        self.assertNotIn(b"A draft kept in the backup.", dump)

    def test_the_backup_holds_no_key_and_no_plaintext(self):
        files, _before, _after = self.round_trip(None, None)
        everything = b"".join(files.values())
        self.assertNotIn(KEYS.encode(), everything)
        self.assertNotIn(b"A draft kept in the backup.", everything)

    def test_restoring_into_an_install_with_people_is_refused(self):
        with tempfile.TemporaryDirectory() as root:
            source = environment(str(Path(root) / "source"), None)
            call(source, "populate")
            out = Path(root) / "backup"
            self.assertEqual(run(source, "backup", str(out)).returncode, 0)
            again = run(source, "restore", str(out))
            self.assertNotEqual(again.returncode, 0)
            self.assertIn("already has people", again.stderr)

    def test_a_changed_backup_is_refused(self):
        with tempfile.TemporaryDirectory() as root:
            source = environment(str(Path(root) / "source"), None)
            call(source, "populate")
            out = Path(root) / "backup"
            run(source, "backup", str(out))
            with (out / "database.sqlite3").open("ab") as handle:
                handle.write(b"tampered")
            target = environment(str(Path(root) / "target"), None)
            result = run(target, "restore", str(out))
            self.assertNotEqual(result.returncode, 0)
            self.assertIn("changed since the backup", result.stderr)
