"""All settings, read from the environment. Laptop-safe defaults; see README "Configuration"."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from innerchild.envconfig import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    random_secret_key,
    secret_in_data_dir,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("INNERCHILD_DATA_DIR", str(Path.cwd() / "data"))).resolve()

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("INNERCHILD_TESTING", False)

SECRET_KEY = env_secret("SECRET_KEY") or secret_in_data_dir(
    DATA_DIR, "secret_key", random_secret_key
)

# Comma-separated Fernet keys, newest first. Without it a key file is generated in DATA_DIR.
ENCRYPTION_KEYS_FILE = DATA_DIR / "encryption_keys"
ENCRYPTION_KEYS = [k.strip() for k in (env_secret("ENCRYPTION_KEYS") or "").split(",") if k.strip()]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "csp",
    "django_countries",
    "django_otp",
    "django_tasks",
    "django_tasks_db",
    "innerchild.core",
    "innerchild.accounts",
    "innerchild.safety",
    "innerchild.assessments",
    "innerchild.journal",
    "innerchild.guide",
    "innerchild.audit",
    "innerchild.care",
    "innerchild.live",
    "innerchild.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "innerchild.core.middleware.JsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "innerchild.accounts.middleware.TwoStepRequiredMiddleware",
    "innerchild.core.middleware.SecurityHeadersMiddleware",
    "innerchild.core.middleware.PersonalPreferencesMiddleware",
    "innerchild.core.middleware.OnboardingFirstMiddleware",
    "innerchild.core.dashboard.FreshDashboardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "innerchild.core.middleware.MethodNotAllowedPageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "innerchild.urls"
WSGI_APPLICATION = "innerchild.wsgi.application"
ASGI_APPLICATION = "innerchild.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "innerchild.core.context_processors.site",
            ],
        },
    }
]


def _database_from_url(url: str) -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL this app understands ({exc}); "
            "use postgres://user@host:5432/name or sqlite:////absolute/path.db"
        ) from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.update(_sqlite_options())
    return config


def _sqlite_options() -> dict:
    # WAL lets readers run while one writer writes; IMMEDIATE avoids "database is locked" on
    # upgrade from a read to a write transaction; secure_delete zeroes deleted rows in the file.
    return {
        "CONN_MAX_AGE": 0 if TESTING else 600,
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }


DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": _database_from_url(DATABASE_URL)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "innerchild.sqlite3",
            **_sqlite_options(),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    if urlparse(REDIS_URL).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"REDIS_URL must start with redis:// (got {REDIS_URL!r}).")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "innerchild"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py's pools hold 100 connections by default; an ASGI process with a few hundred
            # sockets borrows one for every group change, and hundreds leave at once when a
            # server restarts (bench/live_sockets.py measured "Too many connections" at 200).
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": env_int("REDIS_MAX_CONNECTIONS", 1000, minimum=10),
                    }
                ]
            },
        }
    }
else:
    # Files in the data directory: shared by every worker on the machine, so rate limits and the
    # dashboard's freshness hold across workers without Redis. Nothing written there is
    # plaintext of what people write (cached panels are encrypted).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background jobs (reminders, emails): rows in the database, run by `innerchild worker`
# (docs/jobs.md). The same backend on SQLite and PostgreSQL; several workers may share it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A worker silent for this long is taken as dead: the job it was running is queued again.
JOBS_WORKER_LOST_AFTER = env_int("JOBS_WORKER_LOST_AFTER", 60, minimum=15)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create hundreds of accounts.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Two-step sign-in (docs/security.md): after each wrong code the next try waits 1, 2, 4... seconds.
OTP_THROTTLE_FACTOR = env_int("OTP_THROTTLE_FACTOR", 1, minimum=0)
# Changing email, password or two-step sign-in, exporting or deleting asks for the password (or a
# code) again when the last time it was given in this session is older than this.
REAUTH_MINUTES = env_int("REAUTH_MINUTES", 10, minimum=1)
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env_int("SESSION_AGE_HOURS", 24 * 7, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
# Secure cookies follow HTTPS: on behind a TLS proxy, off for a laptop on http://127.0.0.1.
SECURE_COOKIES = env_bool("SECURE_COOKIES", BEHIND_HTTPS_PROXY)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS on every HTTPS response (Django sends it only over HTTPS, so a laptop on http:// is
# unaffected). Preload only once the domain is submitted to the browsers' preload list.
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict CSP: every script and style is a file served by this app; nothing inline, no third party.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "media-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "innerchild <noreply@localhost>")

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 12 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Keep uploads in memory so a photo never lands unencrypted in a temp file.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]

# Only for bench/: exposes a bare view to compare pages against.
BENCH_ENDPOINTS = env_bool("INNERCHILD_BENCH_ENDPOINTS", False)

# Product rules.
MINIMUM_AGE = env_int("MINIMUM_AGE", 16, minimum=13)
ADULT_AGE = 18
# Distress (SUDS 0-10) gating: offer grounding at this rating, or after a rise this large.
DISTRESS_PAUSE_AT = env_int("DISTRESS_PAUSE_AT", 8, minimum=1)
DISTRESS_RISE = env_int("DISTRESS_RISE", 3, minimum=1)
# A "ready" answer on the readiness screen opens deep exercises for this many hours.
READINESS_VALID_HOURS = env_int("READINESS_VALID_HOURS", 24, minimum=1)
# PCL-5 total at or above which the `probable_ptsd` flag is raised (33 in Weathers et al. 2013).
ASSESSMENTS_PCL5_CUTOFF = env_int("ASSESSMENTS_PCL5_CUTOFF", 33, minimum=1)

RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "innerchild.accounts.views.rate_limited"
LOGIN_RATE_PER_IP = env_str("LOGIN_RATE_PER_IP", "20/10m")
LOGIN_RATE_PER_ACCOUNT = env_str("LOGIN_RATE_PER_ACCOUNT", "5/10m")
RESET_RATE_PER_IP = env_str("RESET_RATE_PER_IP", "10/h")
RESET_RATE_PER_ACCOUNT = env_str("RESET_RATE_PER_ACCOUNT", "3/h")
SIGNUP_RATE_PER_IP = env_str("SIGNUP_RATE_PER_IP", "10/h")
SIGNUP_RATE_PER_ACCOUNT = env_str("SIGNUP_RATE_PER_ACCOUNT", "3/h")
# Requests one personal API token may make (django-ratelimit syntax); docs/api.md.
API_TOKEN_RATE = env_str("API_TOKEN_RATE", "120/m")
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges; none by default).
# Every rate limit counts the client's real address (innerchild.core.client).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
RATELIMIT_IP_META_KEY = "innerchild.core.client.client_address"
from innerchild.core.client import parse_networks  # noqa: E402

parse_networks(TRUSTED_PROXIES)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies never reach logs; Django's request logger only sees paths and statuses.
        "django.request": {"level": "ERROR"},
    },
}

# Live sessions: STUN/TURN for every RTCPeerConnection, Janus for groups. See docs/live-media.md.
STUN_URLS = env_list("STUN_URLS", [])
TURN_URLS = env_list("TURN_URLS", [])
TURN_SECRET = env_secret("TURN_SECRET") or ""
TURN_CREDENTIAL_TTL = env_int("TURN_CREDENTIAL_TTL", 3600, minimum=60)
JANUS_URL = env_str("JANUS_URL", "")
JANUS_API_SECRET = env_secret("JANUS_API_SECRET") or ""
JANUS_ADMIN_KEY = env_secret("JANUS_ADMIN_KEY") or ""
JANUS_ROOM_SECRET = env_secret("JANUS_ROOM_SECRET") or ""
JANUS_TIMEOUT = env_int("JANUS_TIMEOUT", 5, minimum=1)
from innerchild.live.janus import check_janus_settings  # noqa: E402
from innerchild.live.turn import check_ice_settings  # noqa: E402

check_ice_settings(STUN_URLS, TURN_URLS, TURN_SECRET, TURN_CREDENTIAL_TTL)
check_janus_settings(JANUS_URL, JANUS_TIMEOUT)

# The address people use to reach this site, for links in emails (no trailing slash).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Facilitated practice (care).
# An invitation link works this many days, once.
CARE_INVITATION_DAYS = env_int("CARE_INVITATION_DAYS", 7, minimum=1)
# After this many minutes without opening client data, a facilitator confirms it is still them.
CARE_REAUTH_MINUTES = env_int("CARE_REAUTH_MINUTES", 30, minimum=1)
# Scheduling: members cannot cancel or move a session online this many hours before it (the
# facilitator always can), and book open slots at least this many hours ahead.
CARE_CANCEL_NOTICE_HOURS = env_int("CARE_CANCEL_NOTICE_HOURS", 24, minimum=0)
CARE_BOOKING_NOTICE_HOURS = env_int("CARE_BOOKING_NOTICE_HOURS", 12, minimum=0)

# Live session room (innerchild.live): when the room of a booking opens and closes.
LIVE_OPEN_BEFORE_MINUTES = env_int("LIVE_OPEN_BEFORE_MINUTES", 10, minimum=0)
LIVE_CLOSE_AFTER_MINUTES = env_int("LIVE_CLOSE_AFTER_MINUTES", 15, minimum=0)
LIVE_MAX_HOURS = env_int("LIVE_MAX_HOURS", 3, minimum=1)
# Largest WebSocket message accepted (an SDP offer with video is a few kilobytes).
LIVE_MAX_MESSAGE_BYTES = env_int("LIVE_MAX_MESSAGE_BYTES", 32768, minimum=4096)
# Without Janus, group rooms are a full mesh of peer connections: at most this many people.
LIVE_MESH_MAX_PEOPLE = env_int("LIVE_MESH_MAX_PEOPLE", 4, minimum=2)
# Chat messages one person may post to a room in a minute (innerchild/live/chat_limit.py).
LIVE_CHAT_PER_MINUTE = env_int("LIVE_CHAT_PER_MINUTE", 40, minimum=5)
