import uuid

from django.test import override_settings

from innerchild.core.testing import PASSWORD, InnerchildTestCase, make_person


class LoginTests(InnerchildTestCase):
    def test_it_logs_in_with_email_and_password(self):
        response = self.client.post(
            "/accounts/login/", {"username": "alice@example.org", "password": PASSWORD}
        )
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

    def test_it_ignores_the_case_of_the_email(self):
        response = self.client.post(
            "/accounts/login/", {"username": "Alice@Example.org", "password": PASSWORD}
        )
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

    def test_it_explains_a_wrong_password_and_keeps_the_email(self):
        response = self.client.post(
            "/accounts/login/", {"username": "alice@example.org", "password": "wrong-one"}
        )
        self.assertContains(response, "do not match an account", status_code=422)
        self.assertContains(response, 'value="alice@example.org"', status_code=422)

    def test_it_logs_out_only_by_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/accounts/logout/").status_code, 405)
        response = self.client.post("/accounts/logout/")
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_sends_a_logged_in_person_to_the_dashboard(self):
        self.login(self.alice)
        response = self.client.get("/accounts/login/")
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)


def fresh_address() -> str:
    """Counters live in the shared cache (Redis in CI), so each test uses an address of its own."""
    number = uuid.uuid4().int
    return f"10.{number % 250}.{(number >> 8) % 250}.{(number >> 16) % 250 + 1}"


@override_settings(RESET_RATE_PER_ACCOUNT="2/h", RESET_RATE_PER_IP="100/h")
class PasswordResetTests(InnerchildTestCase):
    def test_it_emails_a_working_reset_link(self):
        from django.core import mail

        response = self.client.post("/accounts/password-reset/", {"email": "alice@example.org"})
        self.assertRedirects(
            response, "/accounts/password-reset/sent/", fetch_redirect_response=False
        )
        self.assertEqual(len(mail.outbox), 1)
        link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
        path = link.split("testserver", 1)[1]
        response = self.client.get(path, follow=True)
        self.assertContains(response, "Choose a new password")
        response = self.client.post(
            response.redirect_chain[-1][0],
            {"new_password1": "a-fresh-new-secret-7", "new_password2": "a-fresh-new-secret-7"},
        )
        self.assertRedirects(
            response, "/accounts/password-reset/complete/", fetch_redirect_response=False
        )
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password("a-fresh-new-secret-7"))

    def test_it_does_not_reveal_whether_an_address_has_an_account(self):
        from django.core import mail

        response = self.client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
        self.assertRedirects(
            response, "/accounts/password-reset/sent/", fetch_redirect_response=False
        )
        self.assertEqual(len(mail.outbox), 0)

    def test_it_limits_reset_requests_per_account(self):
        email = f"{uuid.uuid4().hex}@example.org"
        make_person(email, "Reset")
        for _ in range(2):
            self.client.post("/accounts/password-reset/", {"email": email})
        response = self.client.post("/accounts/password-reset/", {"email": email})
        self.assertEqual(response.status_code, 429)
