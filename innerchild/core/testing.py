"""Shared test helpers: a fixed cast of people so authorisation tests are one line each."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase
from django.utils import timezone

from innerchild.accounts.models import Role, User

PASSWORD = "a-long-test-password"


def make_person(
    email: str,
    name: str,
    *,
    role: str = Role.MEMBER,
    age: int = 30,
    country: str = "US",
    onboarded: bool = True,
    **extra,
) -> User:
    now = timezone.now()
    return User.objects.create_user(
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
        self.client.force_login(user)


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
