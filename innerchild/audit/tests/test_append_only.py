"""The audit log is append-only: a recorded event cannot be changed or deleted through the model,
its querysets or the admin. Deleting a person still removes the events about them (docs/care.md)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from innerchild.audit import api as audit
from innerchild.audit.models import AppendOnly, AuditEvent
from innerchild.core.testing import InnerchildTestCase, log_in, make_person


class AppendOnlyTests(InnerchildTestCase):
    def setUp(self):
        audit.record(
            audit.Event.FACILITATOR_READ,
            actor=self.fay,
            subject=self.alice,
            target_kind="safety_plan",
        )
        self.event = AuditEvent.objects.get()

    def assert_unchanged(self) -> None:
        row = AuditEvent.objects.values("event", "actor", "subject", "target_kind").get(
            id=self.event.id
        )
        self.assertEqual(
            row,
            {
                "event": "facilitator_read",
                "actor": self.fay.id,
                "subject": self.alice.id,
                "target_kind": "safety_plan",
            },
        )

    def test_saving_a_recorded_event_again_is_refused(self):
        self.event.target_kind = "triggers"
        with self.assertRaises(AppendOnly):
            self.event.save()
        self.assert_unchanged()

    def test_deleting_an_event_is_refused(self):
        with self.assertRaises(AppendOnly):
            self.event.delete()
        self.assert_unchanged()

    def test_changing_events_in_bulk_is_refused(self):
        with self.assertRaises(AppendOnly):
            AuditEvent.objects.filter(subject=self.alice).update(actor=None)
        self.event.target_kind = "triggers"
        with self.assertRaises(AppendOnly), transaction.atomic():
            AuditEvent.objects.bulk_update([self.event], ["target_kind"])
        self.assert_unchanged()

    def test_deleting_events_in_bulk_is_refused(self):
        with self.assertRaises(AppendOnly):
            AuditEvent.objects.filter(subject=self.alice).delete()
        with self.assertRaises(AppendOnly):
            AuditEvent.objects.all().delete()
        self.assert_unchanged()

    def test_an_unknown_event_is_not_recorded(self):
        with self.assertRaises(ValueError):
            audit.record("made_up", actor=self.fay, subject=self.alice)
        self.assertEqual(AuditEvent.objects.count(), 1)

    def test_staff_read_the_log_in_the_admin_but_cannot_add_change_or_delete(self):
        staff = make_person("sam@example.org", "Sam", is_staff=True, is_superuser=True)
        log_in(self.client, staff)
        changelist = reverse("admin:audit_auditevent_changelist")
        self.assertEqual(self.client.get(changelist).status_code, 200)
        self.assertEqual(self.client.get(reverse("admin:audit_auditevent_add")).status_code, 403)
        change = reverse("admin:audit_auditevent_change", args=[self.event.id])
        self.assertEqual(self.client.post(change, {"target_kind": "triggers"}).status_code, 403)
        delete = reverse("admin:audit_auditevent_delete", args=[self.event.id])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.client.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [self.event.id], "post": "yes"},
        )
        self.assert_unchanged()

    def test_deleting_a_member_removes_the_events_about_them_and_keeps_others(self):
        audit.record(audit.Event.LOGIN, actor=self.bob, subject=self.bob, target_kind="account")
        audit.record(
            audit.Event.LINK_MADE, actor=self.alice, subject=self.alice, target_kind="link"
        )
        self.alice.delete()
        self.assertFalse(AuditEvent.objects.filter(event__in=["facilitator_read", "link_made"]))
        self.assertEqual(list(AuditEvent.objects.values_list("event", flat=True)), ["login"])

    def test_deleting_a_facilitator_keeps_the_events_about_their_client(self):
        self.fay.delete()
        event = AuditEvent.objects.get()
        self.assertEqual(
            (event.event, event.actor, event.subject), ("facilitator_read", None, self.alice)
        )
