"""A token's name is typed freely, so it is stored encrypted like everything else a person writes;
making a token asks for the password (or a code) again when the last one is old."""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace

import time_machine
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from innerchild.api.actions import do_create_token
from innerchild.api.models import ApiToken
from innerchild.core.testing import PASSWORD, InnerchildTestCase, raw_column_values

migration = importlib.import_module("innerchild.api.migrations.0002_encrypt_token_name")
PAGE = reverse("api:tokens")


class TokenNameAtRestTests(InnerchildTestCase):
    def test_a_name_typed_on_the_page_is_not_in_the_database_in_the_clear(self):
        self.login(self.alice)
        self.client.post(PAGE, {"name": "Notes for Dr Quarry", "expires": "30"})
        self.assertEqual(ApiToken.objects.get().name, "Notes for Dr Quarry")
        self.assertFalse([v for v in raw_column_values("api_apitoken", "name") if "Quarry" in v])
        self.assertContains(self.client.get(PAGE), "Notes for Dr Quarry")
        self.assertEqual(
            [t["name"] for t in self.client.get("/api/v1/tokens/").json()["tokens"]],
            ["Notes for Dr Quarry"],
        )

    def test_the_migration_encrypts_names_stored_before_it_and_can_undo_it(self):
        token, _raw = do_create_token(self.bob, name="anything", days=30)
        table = connection.ops.quote_name("api_apitoken")
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET name = %s WHERE id = %s", ["Plain app", token.pk])
        migration.encrypt_names(None, SimpleNamespace(connection=connection))
        self.assertNotIn("Plain app", raw_column_values("api_apitoken", "name"))
        self.assertEqual(ApiToken.objects.get(pk=token.pk).name, "Plain app")

        migration.decrypt_names(None, SimpleNamespace(connection=connection))
        self.assertIn("Plain app", raw_column_values("api_apitoken", "name"))


@override_settings(REAUTH_MINUTES=10)
class MakingATokenAsksAgainTests(InnerchildTestCase):
    def test_a_token_is_made_only_with_a_recent_password_or_code(self):
        self.login(self.fay)
        with time_machine.travel(timezone.now() + timedelta(minutes=11)):
            response = self.client.post(PAGE, {"name": "x", "expires": "30"})
            self.assertTrue(response["Location"].startswith(reverse("accounts:confirm_it_is_you")))
            self.assertFalse(ApiToken.objects.exists())
            self.client.post(
                reverse("accounts:confirm_it_is_you"), {"secret": PASSWORD, "next": PAGE}
            )
            response = self.client.post(PAGE, {"name": "x", "expires": "30"})
            self.assertEqual((response.status_code, ApiToken.objects.count()), (200, 1))
