"""Shared test helpers: a fixed cast of people so authorisation tests are one line each."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.utils import timezone

from innerchild.accounts.models import Role, User

PASSWORD = "a-long-test-password"
# The authenticator key of everyone in tests who has one (RFC 6238's test key, hex).
TOTP_KEY = "3132333435363738393031323334353637383930"


def add_authenticator(user: User, key: str = TOTP_KEY):
    """A confirmed authenticator app with a known key: facilitators and staff need one."""
    from innerchild.accounts.devices import AuthenticatorDevice

    return AuthenticatorDevice.objects.create(user=user, name="test app", key=key, confirmed=True)


def code_for(user: User) -> str:
    """A code the person's app would show now that is still unused (a code works once)."""
    from innerchild.accounts import twofactor
    from innerchild.accounts.devices import AuthenticatorDevice

    device = AuthenticatorDevice.objects.get(user=user, confirmed=True)
    now = timezone.now()
    step = int(now.timestamp()) // 30
    # The app's next code is accepted too (one step of clock drift), so two log-ins within
    # 30 seconds need not wait.
    ahead = 1 if device.last_t >= step else 0
    return twofactor.code_for(device.key, now + timedelta(seconds=30 * ahead))


def verified_session(user: User) -> dict:
    """What a session holds once `user` passed the second step, to add to a logged-in session."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from innerchild.accounts import twofactor
    from innerchild.accounts.devices import AuthenticatorDevice

    values = {twofactor.AUTH_AT: twofactor.now_seconds()}
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        values[DEVICE_ID_SESSION_KEY] = device.persistent_id
    return values


def log_in(client, user: User) -> None:
    """Logs `client` in as `user`, past the second step when they have an authenticator app."""
    client.force_login(user)
    session = client.session
    session.update(verified_session(user))
    session.save()


def pass_second_step(page, email: str) -> None:
    """In a browser that just sent the password: types the code if the person has an app."""
    from innerchild.accounts import twofactor

    user = User.objects.get(email=email)
    if not twofactor.has_two_step(user):
        return
    page.wait_for_url("**/accounts/two-step/code/")
    page.locator("input[name=code]").fill(code_for(user))
    page.locator("form").filter(has=page.locator("input[name=code]")).get_by_role("button").click()


def settings_process_environment(data_dir: str) -> dict:
    """The environment for a separate Python process running the real settings on SQLite in
    `data_dir` (not the test settings, not PostgreSQL or Redis), with a fixed encryption key: for
    tests that must read the database files as they are left on disk."""
    import os

    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "INNERCHILD_TESTING"}
    }
    environment.update(
        INNERCHILD_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="innerchild.settings",
        ENCRYPTION_KEYS="dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LWs=",
    )
    return environment


def log_in_browser(
    page,
    email: str,
    *,
    next_url: str | None = None,
    landing: str = r".*/(dashboard|safety|journal|care)/.*",
    password: str = PASSWORD,
) -> None:
    """Logs in through the login page as a person would (and gives the two-step code if they have
    an app), then waits for the page they land on: `next_url` if given, else one matching
    `landing`."""
    import re

    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form").filter(has=page.locator("input[name=password]")).get_by_role(
        "button"
    ).click()
    pass_second_step(page, email)
    page.wait_for_url(f"**{next_url}" if next_url else re.compile(landing))


def make_person(
    email: str,
    name: str,
    *,
    role: str = Role.MEMBER,
    age: int = 30,
    country: str = "US",
    onboarded: bool = True,
    two_step: bool | None = None,
    **extra,
) -> User:
    """`two_step`: an authenticator app with TOTP_KEY; by default for facilitators and staff,
    who cannot open care pages or the admin without one."""
    now = timezone.now()
    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        display_name=name,
        role=role,
        birth_year=now.year - age,
        country=country,
        onboarded_at=now if onboarded else None,
        terms_accepted_at=now if onboarded else None,
        path="self_guided",
        **extra,
    )
    if two_step if two_step is not None else (role == Role.FACILITATOR or user.is_staff):
        add_authenticator(user)
    return user


class InnerchildTestCase(TestCase):
    """alice (member), bob (another member), fay (alice's facilitator), gus (another facilitator),
    tess (a 16-year-old member in adolescent mode)."""

    @classmethod
    def setUpTestData(cls):
        cls.alice = make_person("alice@example.org", "Alice")
        cls.bob = make_person("bob@example.org", "Bob")
        cls.fay = make_person(
            "fay@example.org", "Fay", role=Role.FACILITATOR, facilitator_verified=True
        )
        cls.gus = make_person(
            "gus@example.org", "Gus", role=Role.FACILITATOR, facilitator_verified=True
        )
        cls.tess = make_person("tess@example.org", "Tess", age=16, country="GB")

    def login(self, user: User) -> None:
        log_in(self.client, user)


def raw_column_values(table: str, column: str) -> list:
    """Column values exactly as stored, bypassing model fields (for encryption-at-rest tests)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(table)}"
        )
        return [row[0] for row in cursor.fetchall()]


def problems_with_file(text: str, module, attribute: str, check, filename: str = "demo.yaml"):
    """Run a content `check` with `module.attribute` pointing at a temporary file holding `text`."""
    import tempfile
    from pathlib import Path
    from unittest import mock

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_text(text, encoding="utf-8")
        with mock.patch.object(module, attribute, path):
            return check()
