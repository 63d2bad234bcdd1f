from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from innerchild.audit.models import AuditEvent
from innerchild.care.actions.links import do_invite
from innerchild.care.models import CareLink, Invitation
from innerchild.core import jobs
from innerchild.core.testing import InnerchildTestCase


class InviteTests(InnerchildTestCase):
    def test_a_verified_facilitator_makes_a_link_shown_once(self):
        self.login(self.fay)
        response = self.client.post(reverse("care:invite"), {"email": ""})
        self.assertEqual(response.status_code, 200)
        invitation = Invitation.objects.get(facilitator=self.fay)
        self.assertContains(response, "/care/invitations/")
        # Only the digest of the token is stored.
        token = response.context["new_link"].rstrip("/").rsplit("/", 1)[1]
        self.assertNotIn(token, invitation.token_digest)
        self.assertEqual(invitation.state(), "open")

    def test_an_invitation_by_email_is_sent_with_its_link(self):
        self.login(self.fay)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("care:invite"), {"email": "New@Example.org"})
        self.assertRedirects(response, reverse("care:invite"))
        jobs.run_due_jobs()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["new@example.org"])
        self.assertIn("/care/invitations/", mail.outbox[0].body)
        self.assertIn("Fay", mail.outbox[0].subject)

    def test_an_unverified_facilitator_cannot_invite_yet(self):
        self.fay.facilitator_verified = False
        self.fay.save(update_fields=["facilitator_verified"])
        self.login(self.fay)
        response = self.client.post(reverse("care:invite"), {"email": ""})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "once our staff have verified you", status_code=422)
        self.assertFalse(Invitation.objects.exists())

    def test_a_bad_email_is_refused_with_a_message(self):
        self.login(self.fay)
        response = self.client.post(reverse("care:invite"), {"email": "not an address"})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "not an address", status_code=422)

    def test_members_get_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("care:invite")).status_code, 404)

    def test_it_needs_login(self):
        response = self.client.get(reverse("care:invite"))
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={reverse('care:invite')}")

    def test_withdrawing_kills_the_link(self):
        invitation, token = do_invite(self.fay)
        self.login(self.fay)
        self.client.post(reverse("care:withdraw_invitation", args=[invitation.id]))
        self.login(self.alice)
        response = self.client.get(reverse("care:invitation", args=[token]))
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "withdrew", status_code=410)

    def test_another_facilitator_cannot_withdraw_it(self):
        invitation, _token = do_invite(self.fay)
        self.login(self.gus)
        response = self.client.post(reverse("care:withdraw_invitation", args=[invitation.id]))
        self.assertEqual(response.status_code, 404)

    def test_withdraw_needs_post(self):
        invitation, _token = do_invite(self.fay)
        self.login(self.fay)
        response = self.client.get(reverse("care:withdraw_invitation", args=[invitation.id]))
        self.assertEqual(response.status_code, 405)


class AnswerInvitationTests(InnerchildTestCase):
    def setUp(self):
        self.invitation, self.token = do_invite(self.fay)
        self.url = reverse("care:invitation", args=[self.token])

    def test_the_member_sees_who_invites_and_what_would_be_shared(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Fay invites you to work together")
        self.assertContains(response, "Nothing, until you choose.")
        self.assertContains(response, "Your childhood photo.")

    def test_accepting_links_them_with_nothing_shared(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"answer": "accept", "crisis_alerts": "on"})
        link = CareLink.objects.get(facilitator=self.fay, member=self.alice)
        self.assertRedirects(response, reverse("care:link", args=[link.id]))
        self.assertTrue(link.crisis_alerts)
        self.assertFalse(link.shares.exists())
        self.assertTrue(AuditEvent.objects.filter(event="link_made", subject=self.alice).exists())

    def test_declining_links_nothing(self):
        self.login(self.alice)
        self.client.post(self.url, {"answer": "decline"})
        self.assertFalse(CareLink.objects.exists())
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.state(), "declined")

    def test_a_used_invitation_explains_itself(self):
        self.login(self.alice)
        self.client.post(self.url, {"answer": "accept"})
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "already been used", status_code=410)
        self.assertContains(response, "ask them for a new invitation", status_code=410)

    def test_an_expired_invitation_explains_itself(self):
        self.login(self.alice)
        with time_machine.travel(timezone.now() + timedelta(days=8)):
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "expired", status_code=410)
        self.assertFalse(CareLink.objects.exists())

    def test_an_unknown_token_is_404_with_a_kind_page(self):
        self.login(self.alice)
        response = self.client.get(reverse("care:invitation", args=["nonsense"]))
        self.assertContains(response, "not complete or not known", status_code=404)

    def test_logged_out_people_log_in_first_and_come_back(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}")

    def test_facilitators_cannot_accept(self):
        self.login(self.gus)
        response = self.client.post(self.url, {"answer": "accept"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(CareLink.objects.exists())

    def test_no_answer_keeps_the_page_with_a_message(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"crisis_alerts": "on"})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Choose to accept or to decline", status_code=422)

    def test_an_adolescent_is_told_plainly_what_is_shared(self):
        self.login(self.tess)
        response = self.client.get(self.url)
        self.assertContains(response, "Because you are under 18")
