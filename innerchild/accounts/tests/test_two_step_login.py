"""Logging in with two-step sign-in: the code after the password, recovery codes, limits."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from innerchild.accounts import twofactor
from innerchild.accounts.tests.test_login import fresh_address
from innerchild.audit.models import AuditEvent
from innerchild.core.testing import PASSWORD, TOTP_KEY, InnerchildTestCase, add_authenticator

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:two_step_login")


def wrong_code() -> str:
    """Six digits that are not the current code of TOTP_KEY."""
    right = twofactor.code_for(TOTP_KEY)
    return "000000" if right != "000000" else "111111"


class TwoStepLoginTests(InnerchildTestCase):
    def setUp(self):
        add_authenticator(self.alice)
        self.codes = twofactor.make_recovery_codes(self.alice)
        self.address = fresh_address()

    def password(self, password=PASSWORD, **extra):
        return self.client.post(
            LOGIN,
            {"username": "alice@example.org", "password": password, **extra},
            REMOTE_ADDR=self.address,
        )

    def code(self, code):
        return self.client.post(CODE, {"code": code}, REMOTE_ADDR=self.address)

    def logged_in(self) -> bool:
        return SESSION_KEY in self.client.session

    def test_the_right_password_asks_for_a_code_before_logging_in(self):
        self.assertRedirects(self.password(), CODE, fetch_redirect_response=False)
        self.assertFalse(self.logged_in())
        self.assertContains(self.client.get(CODE), "One more step")

    def test_the_right_code_logs_in_and_goes_where_the_person_was_going(self):
        self.password(next="/journal/")
        response = self.code(twofactor.code_for(TOTP_KEY))
        self.assertRedirects(response, "/journal/", fetch_redirect_response=False)
        self.assertTrue(self.logged_in())

    def test_a_wrong_code_does_not_log_in_and_says_what_to_try(self):
        self.password()
        response = self.code("123456")
        self.assertContains(response, "That code did not work", status_code=422)
        self.assertFalse(self.logged_in())

    def test_a_wrong_code_after_the_right_password_is_shown_to_the_person(self):
        self.password()
        self.code(wrong_code())
        event = AuditEvent.objects.get(subject=self.alice, event="two_step_failed")
        self.assertIsNone(event.actor)
        self.client.post(reverse("accounts:logout"))
        self.client.force_login(self.alice)
        page = self.client.get(reverse("audit:activity"))
        self.assertContains(page, "A wrong two-step code after the right password")

    def test_a_code_works_only_once(self):
        code = twofactor.code_for(TOTP_KEY)
        self.password()
        self.code(code)
        self.client.logout()
        self.password()
        with override_settings(OTP_THROTTLE_FACTOR=0):
            self.assertEqual(self.code(code).status_code, 422)
        self.assertFalse(self.logged_in())

    def test_a_wrong_password_never_reaches_the_code(self):
        self.assertEqual(self.password("not-the-password").status_code, 422)
        self.assertRedirects(self.client.get(CODE), LOGIN, fetch_redirect_response=False)

    def test_the_code_step_expires_after_a_few_minutes(self):
        self.password()
        with time_machine.travel(timezone.now() + timedelta(minutes=6)):
            response = self.code(twofactor.code_for(TOTP_KEY))
        self.assertRedirects(response, LOGIN, fetch_redirect_response=False)
        self.assertFalse(self.logged_in())

    def test_a_recovery_code_logs_in_once_and_says_how_many_are_left(self):
        self.password()
        response = self.client.post(
            CODE, {"code": self.codes[0].upper()}, REMOTE_ADDR=self.address, follow=True
        )
        self.assertTrue(self.logged_in())
        self.assertContains(response, "You have 9 left")
        self.client.logout()
        self.password()
        with override_settings(OTP_THROTTLE_FACTOR=0):
            self.assertEqual(self.code(self.codes[0]).status_code, 422)
        self.assertFalse(self.logged_in())

    def test_using_a_recovery_code_is_in_the_activity_log(self):
        self.password()
        self.code(self.codes[1])
        self.assertTrue(
            AuditEvent.objects.filter(subject=self.alice, event="recovery_code_used").exists()
        )

    def test_wrong_codes_slow_down_like_wrong_passwords(self):
        with override_settings(LOGIN_RATE_PER_ACCOUNT="3/10m", OTP_THROTTLE_FACTOR=0):
            self.password()
            for _ in range(3):
                self.assertEqual(self.code("111111").status_code, 422)
            response = self.code(twofactor.code_for(TOTP_KEY))
            self.assertContains(response, "Please wait a little", status_code=429)
            self.assertFalse(self.logged_in())

    def test_right_codes_do_not_count_towards_the_limit(self):
        with override_settings(LOGIN_RATE_PER_ACCOUNT="2/10m", LOGIN_RATE_PER_IP="2/10m"):
            for minute in range(3):
                with time_machine.travel(timezone.now() + timedelta(minutes=minute)):
                    self.password()
                    response = self.code(twofactor.code_for(TOTP_KEY))
                    self.assertEqual(response.status_code, 302)
                    self.client.logout()

    def test_the_device_waits_longer_after_each_wrong_code(self):
        self.password()
        self.code("111111")
        # Right away, even the right code waits a second: guessing a million codes takes ages.
        self.assertEqual(self.code(twofactor.code_for(TOTP_KEY)).status_code, 422)
        with time_machine.travel(timezone.now() + timedelta(seconds=3)):
            self.assertEqual(self.code(twofactor.code_for(TOTP_KEY)).status_code, 302)

    def test_someone_without_it_logs_in_with_the_password_alone(self):
        response = self.client.post(LOGIN, {"username": "bob@example.org", "password": PASSWORD})
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
