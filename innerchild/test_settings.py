"""Settings for the test suite: the real settings with a throwaway data directory and fast hashing."""

import os
import tempfile

os.environ["INNERCHILD_TESTING"] = "1"
os.environ.setdefault("INNERCHILD_DATA_DIR", tempfile.mkdtemp(prefix="innerchild-test-"))
os.environ.setdefault(
    # Two fixed test keys so rotation tests have something to rotate; never used outside tests.
    "ENCRYPTION_KEYS",
    "dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LWs=",
)

from innerchild.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Unique cache keys per run and per xdist worker: Redis is shared between them.
CACHE_PREFIX = f"test-{os.getpid()}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
for _cache in CACHES.values():
    _cache["KEY_PREFIX"] = CACHE_PREFIX
# Tests log in hundreds of times from one address; the rate-limit tests set their own limits.
LOGIN_RATE_PER_IP = LOGIN_RATE_PER_ACCOUNT = "10000/m"
RESET_RATE_PER_IP = RESET_RATE_PER_ACCOUNT = SIGNUP_RATE_PER_IP = SIGNUP_RATE_PER_ACCOUNT = (
    "10000/m"
)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
