from django.test import TestCase, override_settings
from django.utils import timezone

from innerchild.accounts.models import User

PASSWORD = "calm-river-stones-42"


def signup_data(**overrides) -> dict:
    data = {
        "display_name": "Jo",
        "email": "jo@example.org",
        "birth_year": timezone.now().year - 30,
        "country": "CA",
        "role": "member",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


class SignUpTests(TestCase):
    def test_it_shows_the_form(self):
        response = self.client.get("/accounts/signup/")
        self.assertContains(response, "Create your account")

    def test_it_creates_a_pending_account_and_asks_to_check_the_email(self):
        response = self.client.post("/accounts/signup/", signup_data())
        self.assertRedirects(response, "/accounts/signup/sent/", fetch_redirect_response=False)
        user = User.objects.get(email="jo@example.org")
        self.assertEqual(user.display_name, "Jo")
        self.assertEqual(str(user.country), "CA")
        self.assertTrue(user.password.startswith(("argon2", "md5")))
        self.assertFalse(user.email_verified)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_hashes_passwords_with_argon2_outside_tests(self):
        from django.conf import settings

        self.assertIn("Argon2PasswordHasher", settings.PASSWORD_HASHERS[1])

    def test_it_lets_a_facilitator_sign_up_unverified(self):
        self.client.post("/accounts/signup/", signup_data(role="facilitator"))
        user = User.objects.get(email="jo@example.org")
        self.assertTrue(user.is_facilitator)
        self.assertFalse(user.facilitator_verified)

    def test_it_refuses_a_fifteen_year_old_kindly_and_keeps_nothing(self):
        year = timezone.now().year - 15
        response = self.client.post("/accounts/signup/", signup_data(birth_year=year, country="GB"))
        self.assertContains(response, "people aged 16 and over")
        self.assertContains(response, "trusted adult")
        self.assertContains(response, "youth=1&amp;country=GB")
        self.assertFalse(User.objects.exists())

    def test_it_accepts_a_sixteen_year_old_in_adolescent_mode(self):
        year = timezone.now().year - 16
        self.client.post("/accounts/signup/", signup_data(birth_year=year))
        self.assertTrue(User.objects.get().is_adolescent)

    def test_it_accepts_a_seventeen_year_old_in_adolescent_mode(self):
        year = timezone.now().year - 17
        self.client.post("/accounts/signup/", signup_data(birth_year=year))
        self.assertTrue(User.objects.get().is_adolescent)

    def test_it_accepts_an_eighteen_year_old_as_an_adult(self):
        year = timezone.now().year - 18
        self.client.post("/accounts/signup/", signup_data(birth_year=year))
        self.assertFalse(User.objects.get().is_adolescent)

    @override_settings(MINIMUM_AGE=18)
    def test_it_follows_the_minimum_age_setting(self):
        year = timezone.now().year - 17
        response = self.client.post("/accounts/signup/", signup_data(birth_year=year))
        self.assertContains(response, "people aged 18 and over")
        self.assertFalse(User.objects.exists())

    def test_it_rejects_mismatched_passwords_and_keeps_what_was_typed(self):
        response = self.client.post("/accounts/signup/", signup_data(password2="something-else-99"))
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "The two passwords are not the same.", status_code=422)
        self.assertContains(response, 'value="jo@example.org"', status_code=422)
        self.assertContains(response, 'value="Jo"', status_code=422)
        self.assertNotContains(response, PASSWORD, status_code=422)

    def test_it_rejects_a_short_password(self):
        response = self.client.post(
            "/accounts/signup/", signup_data(password1="short", password2="short")
        )
        self.assertContains(response, "too short", status_code=422)

    def test_it_rejects_an_impossible_birth_year(self):
        response = self.client.post("/accounts/signup/", signup_data(birth_year=3000))
        self.assertContains(response, "Please enter a year between", status_code=422)

    def test_it_rejects_a_missing_name(self):
        response = self.client.post("/accounts/signup/", signup_data(display_name=""))
        self.assertContains(response, "This field is required", status_code=422)

    @override_settings(SIGNUP_RATE_PER_IP="2/h")
    def test_it_limits_sign_ups_from_one_address(self):
        for number in range(2):
            self.client.post(
                "/accounts/signup/",
                signup_data(email=f"p{number}@example.org"),
                REMOTE_ADDR="10.7.7.7",
            )
            self.client.logout()
        response = self.client.post(
            "/accounts/signup/", signup_data(email="p9@example.org"), REMOTE_ADDR="10.7.7.7"
        )
        self.assertEqual(response.status_code, 429)
        self.assertFalse(User.objects.filter(email="p9@example.org").exists())

    def test_it_rejects_other_methods(self):
        self.assertEqual(self.client.put("/accounts/signup/").status_code, 405)
