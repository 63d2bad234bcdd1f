"""Logins, failed logins against an existing account and logouts are recorded about the
account, without the password typed."""

from __future__ import annotations

from django.urls import reverse

from innerchild.accounts.tests.test_login import fresh_address
from innerchild.audit.models import AuditEvent
from innerchild.core.testing import PASSWORD, InnerchildTestCase, code_for

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:two_step_login")
WRONG = "not-the-right-password-7"


class LoginEventTests(InnerchildTestCase):
    def setUp(self):
        self.address = fresh_address()

    def password(self, email, password=PASSWORD):
        return self.client.post(
            LOGIN, {"username": email, "password": password}, REMOTE_ADDR=self.address
        )

    def events(self):
        return list(
            AuditEvent.objects.order_by("id").values_list(
                "event", "actor", "subject", "target_kind"
            )
        )

    def test_a_login_is_recorded_about_the_person(self):
        self.password("alice@example.org")
        self.assertEqual(self.events(), [("login", self.alice.id, self.alice.id, "account")])

    def test_a_failed_login_is_recorded_about_the_account_without_the_password(self):
        response = self.password("alice@example.org", WRONG)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(self.events(), [("login_failed", None, self.alice.id, "account")])
        event = AuditEvent.objects.get()
        self.assertNotIn(WRONG, f"{event.details} {event.target_id}")

    def test_a_failed_login_for_an_unknown_address_records_nothing(self):
        self.password("nobody@example.org", WRONG)
        self.assertEqual(self.events(), [])

    def test_a_facilitators_login_is_recorded_once_the_code_is_given(self):
        self.assertRedirects(self.password("fay@example.org"), CODE, fetch_redirect_response=False)
        self.assertEqual(self.events(), [])
        self.client.post(CODE, {"code": code_for(self.fay)}, REMOTE_ADDR=self.address)
        self.assertEqual(self.events(), [("login", self.fay.id, self.fay.id, "account")])

    def test_logging_out_is_recorded(self):
        self.password("alice@example.org")
        self.client.post(reverse("accounts:logout"), REMOTE_ADDR=self.address)
        self.assertEqual([event for event, *_rest in self.events()], ["login", "logout"])
