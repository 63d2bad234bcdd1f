"""Every read of shared material by a facilitator is one audit event: who read, whose material,
what kind and which item, when; never the material itself."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.db import connection
from django.urls import reverse

from innerchild.audit.models import AuditEvent
from innerchild.care.models import ShareKind
from innerchild.care.tests.base import CareTestCase
from innerchild.journal import api as journal
from innerchild.safety.actions import do_save_plan

MOMENT = datetime(2026, 10, 14, 10, 30, tzinfo=UTC)
TITLE = "The night the lights went out"
BODY = "I hid under the stairs and nobody came."
PLAN = "Call my sister Marta before midnight"


def every_stored_value() -> str:
    """Every column of every audit row, as the database holds it."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return "\n".join(str(value) for row in cursor.fetchall() for value in row)


class FacilitatorReadTests(CareTestCase):
    def setUp(self):
        self.entry_id = journal.create_entry_from(
            self.alice, kind="letter_to", title=TITLE, body=BODY
        )
        self.entry_url = reverse("care:client_entry", args=[self.link.id, self.entry_id])

    def reads(self):
        return AuditEvent.objects.filter(event="facilitator_read")

    def test_a_read_records_who_whose_what_and_when(self):
        self.share(ShareKind.ENTRY, item_id=self.entry_id)
        with time_machine.travel(MOMENT, tick=False):
            self.login(self.fay)
            self.assertContains(self.client.get(self.entry_url), BODY)
        event = self.reads().get()
        self.assertEqual(
            (event.actor, event.subject, event.target_kind, event.target_id, event.created_at),
            (self.fay, self.alice, "entry", str(self.entry_id), MOMENT),
        )
        self.assertEqual(event.details, {})

    def test_each_read_is_its_own_event(self):
        self.share(ShareKind.ENTRY, item_id=self.entry_id)
        self.login(self.fay)
        self.client.get(self.entry_url)
        self.client.get(self.entry_url)
        self.assertEqual(self.reads().count(), 2)

    def test_each_kind_of_shared_page_records_its_kind(self):
        pages = {
            ShareKind.ASSESSMENTS: "care:client_assessments",
            ShareKind.GUIDE_SESSIONS: "care:client_sessions",
            ShareKind.TRIGGERS: "care:client_triggers",
            ShareKind.SAFETY_PLAN: "care:client_safety_plan",
            ShareKind.YOUNGER_SELF: "care:client_younger_self",
            ShareKind.RISK_EVENTS: "care:client_risk",
        }
        for kind in pages:
            self.share(kind)
        self.login(self.fay)
        for url_name in pages.values():
            response = self.client.get(reverse(url_name, args=[self.link.id]))
            self.assertEqual(response.status_code, 200, url_name)
        recorded = self.reads().values_list("target_kind", "target_id", "actor", "subject")
        self.assertCountEqual(
            recorded, [(str(kind), "", self.fay.id, self.alice.id) for kind in pages]
        )

    def test_no_audit_column_holds_the_shared_words(self):
        self.share(ShareKind.ENTRY, item_id=self.entry_id)
        do_save_plan(self.alice, {"coping_strategies": PLAN})
        self.share(ShareKind.SAFETY_PLAN)
        journal.create_entry_from(self.alice, kind="trigger", title=TITLE, body=BODY)
        self.share(ShareKind.TRIGGERS)
        self.login(self.fay)
        self.assertContains(self.client.get(self.entry_url), BODY)
        url = reverse("care:client_safety_plan", args=[self.link.id])
        self.assertContains(self.client.get(url), PLAN)
        url = reverse("care:client_triggers", args=[self.link.id])
        self.assertContains(self.client.get(url), TITLE)
        self.assertEqual(self.reads().count(), 3)
        stored = every_stored_value()
        for words in (TITLE, BODY, PLAN, "lights went out", "Marta"):
            self.assertNotIn(words, stored)

    def test_a_refused_read_records_nothing(self):
        self.login(self.fay)
        self.assertEqual(self.client.get(self.entry_url).status_code, 404)
        url = reverse("care:client_safety_plan", args=[self.link.id])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.gus)
        self.share(ShareKind.ENTRY, item_id=self.entry_id)
        self.assertEqual(self.client.get(self.entry_url).status_code, 404)
        self.assertFalse(self.reads().exists())

    def test_the_client_overview_alone_is_not_a_read(self):
        self.share(ShareKind.SAFETY_PLAN)
        self.login(self.fay)
        self.assertEqual(
            self.client.get(reverse("care:client", args=[self.link.id])).status_code, 200
        )
        self.assertFalse(self.reads().exists())
