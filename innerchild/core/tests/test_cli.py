"""The `innerchild` command as a person runs it: a real subprocess with its own environment."""

import os
import subprocess
import sys
import tempfile

from django.test import SimpleTestCase


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    data_dir = tempfile.mkdtemp(prefix="innerchild-cli-")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "INNERCHILD_TESTING"}
    }
    environment.update({"INNERCHILD_DATA_DIR": data_dir, **env})
    return subprocess.run(
        [sys.executable, "-m", "innerchild.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


class CliTests(SimpleTestCase):
    def test_a_bad_database_url_stops_with_one_clear_line(self):
        result = run_cli("check", DATABASE_URL="nonsense://what")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        self.assertIn("DATABASE_URL", result.stderr)

    def test_an_unreachable_database_stops_serve_with_one_clear_line(self):
        result = run_cli("serve", DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot reach the database", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)

    def test_an_unreachable_redis_stops_serve_with_one_clear_line(self):
        result = run_cli("serve", REDIS_URL="redis://127.0.0.1:1/0")
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot reach Redis", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)

    def test_a_bad_boolean_setting_stops_with_one_clear_line(self):
        result = run_cli("check", DEBUG="perhaps")
        self.assertEqual(result.returncode, 2)
        self.assertIn("DEBUG must be true or false", result.stderr)

    def test_dashes_and_underscores_name_the_same_command(self):
        result = run_cli("content", "check")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Content is valid", result.stdout)

    def test_a_fresh_data_directory_gets_a_private_secret_key_and_database(self):
        data_dir = tempfile.mkdtemp(prefix="innerchild-cli-")
        result = run_cli("migrate", "--noinput", INNERCHILD_DATA_DIR=data_dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.exists(os.path.join(data_dir, "innerchild.sqlite3")))
        self.assertEqual(os.stat(os.path.join(data_dir, "secret_key")).st_mode & 0o777, 0o600)
        with open(os.path.join(data_dir, "innerchild.sqlite3"), "rb") as handle:
            self.assertTrue(handle.read(16).startswith(b"SQLite format 3"))
        demo = run_cli("demo-data", INNERCHILD_DATA_DIR=data_dir)
        again = run_cli("demo-data", INNERCHILD_DATA_DIR=data_dir)
        self.assertEqual(demo.returncode, 0, demo.stderr)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("demo@innerchild.local / demo-member-pass", again.stdout)


class AccessLogTests(SimpleTestCase):
    def test_gunicorn_logs_paths_without_query_strings(self):
        from unittest import mock

        from innerchild import cli

        with (
            mock.patch.object(cli, "preflight"),
            mock.patch("os.execv") as execv,
            mock.patch("django.core.management.call_command"),
        ):
            cli.serve(["--port", "9999"])
        command = execv.call_args.args[1]
        log_format = command[command.index("--access-logformat") + 1]
        self.assertIn("%(U)s", log_format)
        self.assertNotIn("%(r)s", log_format)
        self.assertNotIn("%(q)s", log_format)


class SharedCacheTests(SimpleTestCase):
    def test_without_redis_every_worker_shares_one_cache_in_the_data_directory(self):
        script = (
            "from django.core.cache import cache; cache.set('probe', 'shared', 60); "
            "from django.conf import settings; print(settings.CACHES['default']['LOCATION'])"
        )
        data_dir = tempfile.mkdtemp(prefix="innerchild-cli-")
        first = run_cli("shell", "-c", script, INNERCHILD_DATA_DIR=data_dir)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertEqual(first.stdout.strip().splitlines()[-1], os.path.join(data_dir, "cache"))
        second = run_cli(
            "shell",
            "-c",
            "from django.core.cache import cache; print(cache.get('probe'))",
            INNERCHILD_DATA_DIR=data_dir,
        )
        self.assertEqual(second.stdout.strip().splitlines()[-1], "shared")
