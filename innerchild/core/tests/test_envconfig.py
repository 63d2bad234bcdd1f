import os
import stat
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from innerchild.envconfig import env_bool, env_int, env_list, env_secret, secret_in_data_dir


class EnvReaderTests(SimpleTestCase):
    def test_booleans_accept_the_usual_words(self):
        for raw, expected in [
            ("1", True),
            ("yes", True),
            ("on", True),
            ("0", False),
            ("off", False),
        ]:
            with mock.patch.dict(os.environ, {"FLAG": raw}):
                self.assertIs(env_bool("FLAG"), expected)

    def test_a_bad_boolean_stops_startup_with_a_clear_message(self):
        with mock.patch.dict(os.environ, {"DEBUG": "maybe"}):
            with self.assertRaisesMessage(ImproperlyConfigured, "DEBUG must be true or false"):
                env_bool("DEBUG")

    def test_a_bad_number_names_the_variable(self):
        with mock.patch.dict(os.environ, {"PORT": "eighty"}):
            with self.assertRaisesMessage(ImproperlyConfigured, "PORT must be a whole number"):
                env_int("PORT", 8000)

    def test_a_number_below_its_minimum_is_refused(self):
        with mock.patch.dict(os.environ, {"MINIMUM_AGE": "10"}):
            with self.assertRaisesMessage(ImproperlyConfigured, "at least 13"):
                env_int("MINIMUM_AGE", 16, minimum=13)

    def test_lists_are_comma_separated(self):
        with mock.patch.dict(os.environ, {"ALLOWED_HOSTS": "a.org, b.org,"}):
            self.assertEqual(env_list("ALLOWED_HOSTS", []), ["a.org", "b.org"])

    def test_secrets_can_come_from_a_file(self):
        path = self.tmp_path() / "secret"
        path.write_text("from-a-file\n")
        with mock.patch.dict(os.environ, {"SECRET_KEY_FILE": str(path)}, clear=False):
            os.environ.pop("SECRET_KEY", None)
            self.assertEqual(env_secret("SECRET_KEY"), "from-a-file")

    def test_a_missing_secret_file_is_a_clear_error(self):
        with mock.patch.dict(os.environ, {"SECRET_KEY_FILE": "/nonexistent/secret"}):
            os.environ.pop("SECRET_KEY", None)
            with self.assertRaisesMessage(ImproperlyConfigured, "SECRET_KEY_FILE: cannot read"):
                env_secret("SECRET_KEY")

    def test_generated_secrets_are_created_once_and_private(self):
        directory = self.tmp_path()
        first = secret_in_data_dir(directory, "secret_key", lambda: "one")
        second = secret_in_data_dir(directory, "secret_key", lambda: "two")
        self.assertEqual((first, second), ("one", "one"))
        mode = stat.S_IMODE((directory / "secret_key").stat().st_mode)
        self.assertEqual(mode, 0o600)

    def tmp_path(self):
        import tempfile
        from pathlib import Path

        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        return Path(directory.name)
