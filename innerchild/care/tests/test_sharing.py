from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from innerchild.audit.models import AuditEvent
from innerchild.care.models import Share, ShareKind
from innerchild.care.tests.base import CareTestCase
from innerchild.journal import api as journal


class ShareKindTests(CareTestCase):
    def test_nothing_is_shared_by_default(self):
        self.login(self.fay)
        response = self.client.get(reverse("care:client_assessments", args=[self.link.id]))
        self.assertEqual(response.status_code, 404)

    def test_the_member_shares_a_kind_and_the_facilitator_sees_it(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("care:share_kind", args=[self.link.id]), {"kind": "assessments"}
        )
        self.assertRedirects(response, reverse("care:link", args=[self.link.id]))
        self.login(self.fay)
        response = self.client.get(reverse("care:client_assessments", args=[self.link.id]))
        self.assertContains(response, "Questionnaire results")

    def test_a_share_with_an_end_date_stops_after_that_day_in_the_members_zone(self):
        self.alice.timezone = "America/Chicago"
        self.alice.save(update_fields=["timezone"])
        day = (timezone.now() + timedelta(days=3)).date()
        self.login(self.alice)
        self.client.post(
            reverse("care:share_kind", args=[self.link.id]),
            {"kind": "triggers", "expires_on": day.isoformat()},
        )
        share = Share.objects.get(link=self.link, kind="triggers")
        # 23:59:59 in Chicago is 05:59:59 UTC the next day (or 04:59:59 in summer).
        self.assertEqual(share.expires_at.date(), day + timedelta(days=1))
        url = reverse("care:client_triggers", args=[self.link.id])
        self.login(self.fay)
        self.assertEqual(self.client.get(url).status_code, 200)
        with time_machine.travel(share.expires_at + timedelta(seconds=1)):
            self.login(self.fay)  # days later: a fresh login (client pages ask after inactivity)
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_date_in_the_past_is_refused_and_nothing_is_shared(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("care:share_kind", args=[self.link.id]),
            {"kind": "triggers", "expires_on": "2001-01-01"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Pick a date from today on", status_code=422)
        self.assertFalse(Share.objects.exists())

    def test_an_unknown_kind_is_refused(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("care:share_kind", args=[self.link.id]), {"kind": "passwords"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Share.objects.exists())

    def test_revoking_is_immediate(self):
        share = self.share(ShareKind.SAFETY_PLAN)
        url = reverse("care:client_safety_plan", args=[self.link.id])
        self.login(self.fay)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.login(self.alice)
        self.client.post(reverse("care:revoke_share", args=[self.link.id, share.id]))
        self.login(self.fay)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertTrue(AuditEvent.objects.filter(event="share_revoked").exists())

    def test_another_member_cannot_share_on_alices_link(self):
        self.login(self.bob)
        response = self.client.post(
            reverse("care:share_kind", args=[self.link.id]), {"kind": "assessments"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Share.objects.exists())

    def test_sharing_needs_post(self):
        self.login(self.alice)
        response = self.client.get(reverse("care:share_kind", args=[self.link.id]))
        self.assertEqual(response.status_code, 405)

    def test_a_share_with_one_facilitator_shows_nothing_to_another(self):
        self.share(ShareKind.TRIGGERS)
        self.login(self.gus)
        response = self.client.get(reverse("care:client_triggers", args=[self.link.id]))
        self.assertEqual(response.status_code, 404)


class ReadLogTests(CareTestCase):
    def test_every_read_is_logged_without_content_and_the_member_sees_it(self):
        entry_id = journal.create_entry_from(
            self.alice, kind="entry", title="Private title", body="The words I wrote."
        )
        self.share(ShareKind.ENTRY, item_id=entry_id)
        self.login(self.fay)
        response = self.client.get(reverse("care:client_entry", args=[self.link.id, entry_id]))
        self.assertContains(response, "The words I wrote.")
        event = AuditEvent.objects.get(event="facilitator_read")
        self.assertEqual((event.actor, event.subject), (self.fay, self.alice))
        self.assertNotIn("Private", str(event.details) + event.target_id + event.target_kind)
        self.login(self.alice)
        response = self.client.get(reverse("care:link", args=[self.link.id]))
        self.assertContains(response, "A single journal entry")
        response = self.client.get(reverse("audit:activity"))
        self.assertContains(response, "Facilitator opened shared material")


class ShareEntryTests(CareTestCase):
    def setUp(self):
        self.entry_id = journal.create_entry_from(
            self.alice, kind="letter_to", title="Dear little one", body="You were never too much."
        )
        self.other_id = journal.create_entry_from(
            self.alice, kind="entry", title="Not for sharing", body="Only mine."
        )

    def test_the_member_shares_one_entry_and_only_that_one(self):
        self.login(self.alice)
        url = reverse("care:share_entry", args=[self.entry_id])
        self.assertContains(self.client.get(url), "Dear little one")
        response = self.client.post(url, {"link": str(self.link.id)})
        self.assertRedirects(response, journal.entry_url(self.alice, self.entry_id))
        self.login(self.fay)
        shared = reverse("care:client_entry", args=[self.link.id, self.entry_id])
        self.assertContains(self.client.get(shared), "You were never too much.")
        unshared = reverse("care:client_entry", args=[self.link.id, self.other_id])
        self.assertEqual(self.client.get(unshared).status_code, 404)

    def test_no_facilitator_chosen_is_refused(self):
        self.login(self.alice)
        response = self.client.post(reverse("care:share_entry", args=[self.entry_id]), {})
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Share.objects.exists())

    def test_someone_elses_entry_is_404(self):
        self.login(self.bob)
        response = self.client.get(reverse("care:share_entry", args=[self.entry_id]))
        self.assertEqual(response.status_code, 404)


class EndLinkTests(CareTestCase):
    def test_the_member_ends_the_link_and_every_client_url_is_404_at_once(self):
        self.share(ShareKind.ASSESSMENTS)
        urls = [
            reverse("care:client", args=[self.link.id]),
            reverse("care:client_assessments", args=[self.link.id]),
        ]
        self.login(self.alice)
        response = self.client.post(reverse("care:end_link", args=[self.link.id]))
        self.assertRedirects(response, reverse("care:my_care"))
        self.login(self.fay)
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_facilitator_ends_the_link(self):
        self.login(self.fay)
        self.client.post(reverse("care:client_end", args=[self.link.id]))
        self.login(self.alice)
        response = self.client.get(reverse("care:link", args=[self.link.id]))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(AuditEvent.objects.filter(event="link_ended", actor=self.fay).exists())

    def test_a_facilitator_whose_verification_is_withdrawn_sees_no_client(self):
        self.fay.facilitator_verified = False
        self.fay.save(update_fields=["facilitator_verified"])
        self.login(self.fay)
        self.assertEqual(
            self.client.get(reverse("care:client", args=[self.link.id])).status_code, 404
        )
