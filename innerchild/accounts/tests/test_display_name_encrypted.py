"""The display name is often a real first name: it is stored encrypted like everything a person
writes, and every place that lists people by name still sorts them by name."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.db import connection
from django.utils import timezone

from innerchild.accounts.models import User
from innerchild.care.models import CareLink, CrisisAlert
from innerchild.core.testing import InnerchildTestCase, make_person, raw_column_values

migration = importlib.import_module("innerchild.accounts.migrations.0003_encrypt_display_name")


class DisplayNameAtRestTests(InnerchildTestCase):
    def test_a_name_saved_in_settings_is_not_in_the_database_in_the_clear(self):
        self.login(self.alice)
        self.client.post(
            "/accounts/settings/",
            {
                "display_name": "Rosalind Quarry",
                "timezone": "UTC",
                "language": "en",
                "country": "US",
                "reminder_frequency": "off",
                "reminder_hour": 9,
            },
        )
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.display_name, "Rosalind Quarry")
        stored = raw_column_values("accounts_user", "display_name")
        self.assertFalse([value for value in stored if "Rosalind" in value])
        self.assertContains(self.client.get("/accounts/settings/"), 'value="Rosalind Quarry"')

    def test_the_migration_encrypts_names_stored_before_it_and_can_undo_it(self):
        table = connection.ops.quote_name("accounts_user")
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET display_name = %s WHERE id = %s",
                ["Plain Bob", self.bob.pk],
            )
        migration.encrypt_names(None, SimpleNamespace(connection=connection))
        self.assertNotIn("Plain Bob", raw_column_values("accounts_user", "display_name"))
        self.assertEqual(User.objects.get(pk=self.bob.pk).display_name, "Plain Bob")

        migration.decrypt_names(None, SimpleNamespace(connection=connection))
        self.assertIn("Plain Bob", raw_column_values("accounts_user", "display_name"))


class ClientsStillSortedByNameTests(InnerchildTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        members = [make_person("z@example.org", "zoe"), make_person("m@example.org", "Mateo")]
        for number, member in enumerate([*members, cls.alice], start=1):
            link = CareLink.objects.create(facilitator=cls.fay, member=member, started_at=now)
            # An unseen alert for each, so that the practice home lists all three.
            CrisisAlert.objects.create(
                link=link, risk_event_id=number, level="urgent", occurred_at=now, created_at=now
            )

    def test_the_client_list_is_in_name_order_whatever_the_case(self):
        self.login(self.fay)
        page = self.client.get("/care/clients/").content.decode()
        positions = [page.index(name) for name in ("Alice", "Mateo", "zoe")]
        self.assertEqual(positions, sorted(positions))

    def test_the_practice_home_lists_clients_in_name_order(self):
        self.login(self.fay)
        page = self.client.get("/care/practice/").content.decode()
        page = page[page.index('id="clients-heading"') :]
        positions = [page.index(name) for name in ("Alice", "Mateo", "zoe")]
        self.assertEqual(positions, sorted(positions))
