"""/api/v1/care/: a facilitator's clients and what each shares, through care's access layer."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from innerchild.api.actions import do_create_token
from innerchild.api.models import ApiToken
from innerchild.assessments.tests.helpers import complete
from innerchild.audit.models import AuditEvent, Event
from innerchild.care.models import ShareKind
from innerchild.care.tests.base import CareTestCase
from innerchild.journal.tests.helpers import write

CLIENTS = "/api/v1/care/clients/"


class CareApiTests(CareTestCase):
    def as_(self, user) -> Client:
        _, raw = do_create_token(user, name="tools", days=30)
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def test_a_facilitator_lists_clients_with_what_each_shares_now(self):
        entry = write(self.alice, body="For Fay")
        self.share(ShareKind.ASSESSMENTS)
        self.share(ShareKind.TRIGGERS, expires_at=timezone.now() - timedelta(days=1))
        self.share(ShareKind.ENTRY, item_id=entry.id)
        data = self.as_(self.fay).get(CLIENTS).json()
        [client] = data["clients"]
        self.assertEqual((client["link_id"], client["name"]), (str(self.link.id), "Alice"))
        self.assertEqual(client["shared"], ["assessments"])
        self.assertEqual([e["entry_id"] for e in client["shared_entries"]], [str(entry.id)])

    def test_shared_results_are_read_and_the_read_is_logged(self):
        complete(self.alice, "gad7", [1] * 7)
        url = f"{CLIENTS}{self.link.id}/assessments/"
        fay = self.as_(self.fay)
        self.assertEqual(fay.get(url).status_code, 404)  # not shared yet
        self.share(ShareKind.ASSESSMENTS)
        response = fay.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual([i["id"] for i in response.json()["instruments"]], ["gad7"])
        read = AuditEvent.objects.get(event=Event.FACILITATOR_READ)
        self.assertEqual(
            (read.actor, read.subject, read.target_kind), (self.fay, self.alice, "assessments")
        )

    def test_one_shared_entry_and_nothing_else(self):
        shared = write(self.alice, body="Shared words")
        private = write(self.alice, body="Private words")
        self.share(ShareKind.ENTRY, item_id=shared.id)
        fay = self.as_(self.fay)
        response = fay.get(f"{CLIENTS}{self.link.id}/entries/{shared.id}/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Shared words", response.json()["body_html"])
        self.assertEqual(fay.get(f"{CLIENTS}{self.link.id}/entries/{private.id}/").status_code, 404)

    def test_everyone_else_gets_404(self):
        entry = write(self.alice, body="Shared words")
        self.share(ShareKind.ENTRY, item_id=entry.id)
        self.share(ShareKind.ASSESSMENTS)
        for person in (self.gus, self.bob, self.alice):
            client = self.as_(person)
            with self.subTest(person=person.display_name):
                self.assertEqual(
                    client.get(f"{CLIENTS}{self.link.id}/assessments/").status_code, 404
                )
                response = client.get(f"{CLIENTS}{self.link.id}/entries/{entry.id}/")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["detail"], "Not found.")
        for person in (self.bob, self.alice):
            self.assertEqual(self.as_(person).get(CLIENTS).status_code, 404)
        self.assertEqual(self.as_(self.gus).get(CLIENTS).json(), {"clients": []})

    def test_an_unverified_facilitator_or_an_ended_link_sees_nothing(self):
        self.share(ShareKind.ASSESSMENTS)
        fay = self.as_(self.fay)
        self.link.ended_at = timezone.now()
        self.link.save(update_fields=["ended_at"])
        self.assertEqual(fay.get(f"{CLIENTS}{self.link.id}/assessments/").status_code, 404)
        self.assertEqual(fay.get(CLIENTS).json(), {"clients": []})
        self.fay.facilitator_verified = False
        self.fay.save(update_fields=["facilitator_verified"])
        self.assertEqual(fay.get(CLIENTS).status_code, 404)

    def test_it_needs_credentials_and_refuses_other_methods(self):
        self.assertEqual(Client().get(CLIENTS).status_code, 401)
        response = self.as_(self.fay).post(CLIENTS)
        self.assertEqual(response.status_code, 405)
        self.assertTrue(response.json()["detail"])


class TwoStepForFacilitatorsTests(CareTestCase):
    def test_a_facilitator_makes_tokens_only_after_two_step_sign_in(self):
        self.client.force_login(self.fay)  # the password only, no second step
        response = self.client.post(reverse("api:tokens"), {"name": "x", "expires": "30"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("two-step", response["Location"])
        self.assertFalse(ApiToken.objects.exists())
        self.login(self.fay)  # with the second step
        response = self.client.post(reverse("api:tokens"), {"name": "x", "expires": "30"})
        self.assertEqual((response.status_code, ApiToken.objects.count()), (200, 1))

    def test_clients_material_needs_two_step_sign_in_through_the_session(self):
        self.share(ShareKind.ASSESSMENTS)
        self.client.force_login(self.fay)  # the password only, no second step
        response = self.client.get(f"{CLIENTS}{self.link.id}/assessments/")
        self.assertEqual(response.status_code, 403)
        self.assertIn("two-step", response.json()["detail"])
        self.login(self.fay)
        self.assertEqual(self.client.get(f"{CLIENTS}{self.link.id}/assessments/").status_code, 200)
