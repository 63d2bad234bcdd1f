""" "Is it still you?": the password (or a code) again before sensitive actions when the last one
is older than REAUTH_MINUTES, and before client pages after CARE_REAUTH_MINUTES without one."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from innerchild.accounts import twofactor
from innerchild.accounts.tests.test_login import fresh_address
from innerchild.care.models import CareLink, Note
from innerchild.core.testing import PASSWORD, TOTP_KEY, InnerchildTestCase, add_authenticator

CHECK = reverse("accounts:confirm_it_is_you")


def later(minutes: float):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes))


def asked_url(next_url: str) -> str:
    return f"{CHECK}?next={quote(next_url, safe='')}"


@override_settings(REAUTH_MINUTES=10)
class SensitiveActionTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_exporting_data_after_a_while_asks_again_then_returns_to_the_data_page(self):
        with later(11):
            response = self.client.post(reverse("accounts:export"))
            self.assertRedirects(
                response, asked_url(reverse("accounts:data")), fetch_redirect_response=False
            )
            page = self.client.get(response["Location"])
            self.assertContains(page, "Is it still you?")
            back = self.client.post(CHECK, {"secret": PASSWORD, "next": reverse("accounts:data")})
            self.assertRedirects(back, reverse("accounts:data"), fetch_redirect_response=False)
            export = self.client.post(reverse("accounts:export"))
            self.assertEqual(export["Content-Type"], "application/zip")

    def test_exporting_soon_after_logging_in_asks_nothing(self):
        with later(9):
            response = self.client.post(reverse("accounts:export"))
        self.assertEqual(response["Content-Type"], "application/zip")

    def test_setting_up_two_step_sign_in_after_a_while_asks_again_and_comes_back(self):
        setup = reverse("accounts:two_step_setup")
        with later(11):
            response = self.client.get(setup)
            self.assertRedirects(response, asked_url(setup), fetch_redirect_response=False)
            back = self.client.post(CHECK, {"secret": PASSWORD, "next": setup})
            self.assertRedirects(back, setup, fetch_redirect_response=False)
            self.assertContains(self.client.get(setup), "Key to type by hand")

    def test_new_recovery_codes_and_turning_it_off_ask_again_after_a_while(self):
        add_authenticator(self.alice)
        for name in ("accounts:two_step_new_codes", "accounts:two_step_off"):
            with later(11):
                response = self.client.post(reverse(name))
            self.assertRedirects(
                response, asked_url(reverse("accounts:two_step")), fetch_redirect_response=False
            )
        self.assertTrue(twofactor.has_two_step(self.alice))

    def test_a_current_code_also_answers(self):
        add_authenticator(self.alice)
        with later(11):
            response = self.client.post(
                CHECK, {"secret": twofactor.code_for(TOTP_KEY), "next": "/accounts/settings/"}
            )
        self.assertRedirects(response, "/accounts/settings/", fetch_redirect_response=False)

    def test_a_wrong_password_is_refused_and_counts_like_a_failed_login(self):
        address = fresh_address()
        with override_settings(LOGIN_RATE_PER_ACCOUNT="2/10m"), later(11):
            for _ in range(2):
                response = self.client.post(
                    CHECK, {"secret": "nope-nope-nope", "next": "/"}, REMOTE_ADDR=address
                )
                self.assertContains(response, "That is not your password", status_code=422)
            response = self.client.post(
                CHECK, {"secret": PASSWORD, "next": "/"}, REMOTE_ADDR=address
            )
            self.assertEqual(response.status_code, 429)

    def test_it_never_sends_people_to_another_site(self):
        response = self.client.post(CHECK, {"secret": PASSWORD, "next": "https://evil.example/"})
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

    def test_email_password_and_deletion_always_ask_for_the_current_password(self):
        self.assertContains(
            self.client.post(
                reverse("accounts:change_email"),
                {"new_email": "new@example.org", "current_password": "wrong-password"},
            ),
            "That is not your current password.",
            status_code=422,
        )
        response = self.client.post(
            reverse("accounts:change_password"),
            {"old_password": "wrong", "new_password1": "x" * 12, "new_password2": "x" * 12},
        )
        self.assertEqual(response.status_code, 422)
        response = self.client.post(
            reverse("accounts:delete"), {"current_password": "wrong", "confirm": "on"}
        )
        self.assertContains(response, "That is not your current password.", status_code=422)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "alice@example.org")


@override_settings(CARE_REAUTH_MINUTES=30)
class ClientDataInactivityTests(InnerchildTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.link = CareLink.objects.create(
            facilitator=cls.fay, member=cls.alice, started_at=timezone.now()
        )

    def setUp(self):
        self.login(self.fay)
        self.url = reverse("care:client", args=[self.link.id])

    def test_a_client_page_after_half_an_hour_without_one_asks_again(self):
        self.assertEqual(self.client.get(self.url).status_code, 200)
        with later(31):
            response = self.client.get(self.url)
            self.assertRedirects(response, asked_url(self.url), fetch_redirect_response=False)
            back = self.client.post(CHECK, {"secret": PASSWORD, "next": self.url})
            self.assertRedirects(back, self.url, fetch_redirect_response=False)
            self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_opening_client_pages_keeps_it_open(self):
        for minutes in (20, 40, 60):
            with later(minutes):
                self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_the_list_of_clients_does_not_ask(self):
        with later(31):
            self.assertEqual(self.client.get(reverse("care:clients")).status_code, 200)

    def test_a_note_written_during_a_long_pause_is_saved_then_the_next_page_asks(self):
        new = reverse("care:note_new", args=[self.link.id])
        self.assertEqual(self.client.get(new).status_code, 200)
        with later(45):
            response = self.client.post(new, {"template": "free", "section_body": "Calmer."})
            self.assertEqual(Note.objects.filter(link=self.link).count(), 1)
            self.assertTrue(self.client.get(response["Location"])["Location"].startswith(CHECK))
