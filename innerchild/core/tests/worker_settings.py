"""Settings for the `innerchild worker` processes that test_jobs_worker.py starts: the test
settings, with the database from DATABASE_URL (shared with the test) and emails written as files."""

import os

from innerchild.test_settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["INNERCHILD_TEST_EMAIL_DIR"]
