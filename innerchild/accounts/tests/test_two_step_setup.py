"""Settings, Two-step sign-in: setting it up, recovery codes shown once, new codes, turning it off."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from innerchild.accounts import twofactor
from innerchild.accounts.devices import AuthenticatorDevice, RecoveryCode
from innerchild.audit.models import AuditEvent
from innerchild.core.testing import InnerchildTestCase, raw_column_values

SETUP = reverse("accounts:two_step_setup")
PAGE = reverse("accounts:two_step")


class SetUpTwoStepTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)

    def pending_key(self) -> str:
        return AuthenticatorDevice.objects.get(user=self.alice, confirmed=False).key

    def turn_on(self) -> list[str]:
        self.client.get(SETUP)
        response = self.client.post(SETUP, {"code": twofactor.code_for(self.pending_key())})
        self.assertRedirects(
            response, reverse("accounts:two_step_codes"), fetch_redirect_response=False
        )
        page = self.client.get(reverse("accounts:two_step_codes"))
        self.assertEqual(page.status_code, 200, page.get("Location"))
        return page.context["codes"]

    def test_it_is_off_for_members_until_they_choose_it(self):
        response = self.client.get(PAGE)
        self.assertContains(response, "Two-step sign-in is off.")
        self.assertContains(response, "It is up to you.")
        self.assertFalse(twofactor.has_two_step(self.alice))

    def test_the_setup_page_shows_a_qr_code_and_the_key_to_type(self):
        response = self.client.get(SETUP)
        self.assertContains(response, "<svg")
        self.assertContains(response, "QR code to scan with your authenticator app")
        self.assertContains(response, twofactor.key_for_typing(self.pending_key()))
        page = response.content.decode()
        self.assertNotRegex(page, r"<script(?![^>]*\bsrc=)")
        self.assertNotIn("style=", page)

    def test_a_wrong_code_keeps_it_off_and_says_why(self):
        self.client.get(SETUP)
        response = self.client.post(SETUP, {"code": "000000"})
        self.assertContains(response, "That code did not match", status_code=422)
        self.assertFalse(twofactor.has_two_step(self.alice))

    def test_the_right_code_turns_it_on_and_shows_ten_recovery_codes_once(self):
        codes = self.turn_on()
        self.assertEqual(len(codes), 10)
        self.assertEqual(len(set(codes)), 10)
        self.assertTrue(twofactor.has_two_step(self.alice))
        # Shown once: the page does not show them again.
        self.assertRedirects(self.client.get(reverse("accounts:two_step_codes")), PAGE)
        self.assertContains(self.client.get(PAGE), "You have 10 recovery codes left.")

    def test_recovery_codes_and_the_key_are_not_stored_in_plain(self):
        codes = self.turn_on()
        digests = raw_column_values("accounts_recoverycode", "digest")
        self.assertEqual(len(digests), 10)
        for code in codes:
            self.assertFalse(any(code.replace("-", "") in d for d in digests))
        key = AuthenticatorDevice.objects.get(user=self.alice).key
        self.assertNotIn(key, " ".join(raw_column_values("accounts_authenticatordevice", "key")))

    def test_new_recovery_codes_replace_the_old_ones(self):
        old = self.turn_on()
        self.client.post(reverse("accounts:two_step_new_codes"))
        new = self.client.get(reverse("accounts:two_step_codes")).context["codes"]
        self.assertEqual(len(new), 10)
        self.assertFalse(set(old) & set(new))
        self.assertEqual(RecoveryCode.objects.filter(device__user=self.alice).count(), 10)
        with override_settings(OTP_THROTTLE_FACTOR=0):
            self.assertIsNone(twofactor.verify_code(self.alice, old[0]))
            self.assertIsNotNone(twofactor.verify_code(self.alice, new[0]))

    def test_a_member_can_turn_it_off(self):
        self.turn_on()
        response = self.client.post(reverse("accounts:two_step_off"), follow=True)
        self.assertContains(response, "Two-step sign-in is off.")
        self.assertFalse(twofactor.has_two_step(self.alice))
        self.assertFalse(RecoveryCode.objects.filter(device__user=self.alice).exists())

    def test_turning_it_on_and_off_is_in_the_activity_log_without_secrets(self):
        codes = self.turn_on()
        self.client.post(reverse("accounts:two_step_off"))
        events = list(AuditEvent.objects.filter(subject=self.alice).values_list("event", "details"))
        names = [name for name, _details in events]
        self.assertIn("two_step_on", names)
        self.assertIn("two_step_off", names)
        self.assertNotIn(codes[0], str(events))

    def test_the_setup_page_needs_a_login(self):
        self.client.logout()
        self.assertIn(reverse("accounts:login"), self.client.get(SETUP)["Location"])


class FacilitatorTwoStepSettingsTests(InnerchildTestCase):
    def test_a_facilitator_cannot_turn_it_off(self):
        self.login(self.fay)
        response = self.client.get(PAGE)
        self.assertContains(response, "stays on")
        self.assertNotContains(response, "Turn two-step sign-in off")
        self.assertEqual(self.client.post(reverse("accounts:two_step_off")).status_code, 404)
        self.assertTrue(twofactor.has_two_step(self.fay))
