from django.utils import timezone

from innerchild.core.testing import PASSWORD, InnerchildTestCase


def profile_data(**overrides) -> dict:
    data = {
        "display_name": "Alice B",
        "timezone": "Europe/Madrid",
        "language": "es",
        "country": "ES",
        "reminder_frequency": "weekly",
        "reminder_hour": 20,
    }
    data.update(overrides)
    return data


class ProfileTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_it_shows_my_settings(self):
        response = self.client.get("/accounts/settings/")
        self.assertContains(response, 'value="Alice"')

    def test_it_saves_name_timezone_language_country_and_reminders(self):
        response = self.client.post("/accounts/settings/", profile_data())
        self.assertRedirects(response, "/accounts/settings/", fetch_redirect_response=False)
        self.alice.refresh_from_db()
        self.assertEqual(
            (
                self.alice.display_name,
                self.alice.timezone,
                self.alice.language,
                str(self.alice.country),
            ),
            ("Alice B", "Europe/Madrid", "es", "ES"),
        )
        self.assertEqual((self.alice.reminder_frequency, self.alice.reminder_hour), ("weekly", 20))

    def test_it_shows_pages_in_the_chosen_language_and_timezone(self):
        self.client.post("/accounts/settings/", profile_data())
        response = self.client.get("/accounts/settings/")
        self.assertContains(response, 'lang="es"')
        self.assertEqual(timezone.get_current_timezone_name(), "UTC")  # only during the request

    def test_it_confirms_a_change_of_language_in_the_new_language(self):
        response = self.client.post("/accounts/settings/", profile_data(), follow=True)
        self.assertContains(response, "Tus ajustes se han guardado.")
        self.assertNotContains(response, "Your settings are saved.")

    def test_it_rejects_an_unknown_timezone_and_keeps_the_other_fields(self):
        response = self.client.post("/accounts/settings/", profile_data(timezone="Mars/Olympus"))
        self.assertContains(response, "Select a valid choice", status_code=422)
        self.assertContains(response, 'value="Alice B"', status_code=422)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.timezone, "UTC")

    def test_it_rejects_an_hour_outside_the_day(self):
        response = self.client.post("/accounts/settings/", profile_data(reminder_hour=25))
        self.assertContains(response, "Choose an hour from 0 to 23.", status_code=422)

    def test_it_requires_login(self):
        self.client.logout()
        response = self.client.get("/accounts/settings/")
        self.assertRedirects(
            response, "/accounts/login/?next=/accounts/settings/", fetch_redirect_response=False
        )

    def test_it_rejects_other_methods(self):
        self.assertEqual(self.client.put("/accounts/settings/").status_code, 405)


class ChangeEmailTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_it_changes_the_email_after_the_password_is_reentered(self):
        response = self.client.post(
            "/accounts/settings/email/",
            {"new_email": "new@example.org", "current_password": PASSWORD},
        )
        self.assertRedirects(response, "/accounts/settings/", fetch_redirect_response=False)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "new@example.org")

    def test_it_refuses_without_the_right_password_and_keeps_the_new_address(self):
        response = self.client.post(
            "/accounts/settings/email/",
            {"new_email": "new@example.org", "current_password": "nope"},
        )
        self.assertContains(response, "not your current password", status_code=422)
        self.assertContains(response, 'value="new@example.org"', status_code=422)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "alice@example.org")

    def test_it_refuses_an_address_someone_else_uses(self):
        response = self.client.post(
            "/accounts/settings/email/",
            {"new_email": "bob@example.org", "current_password": PASSWORD},
        )
        self.assertContains(response, "Another account already uses this email.", status_code=422)

    def test_it_requires_login(self):
        self.client.logout()
        self.assertEqual(self.client.get("/accounts/settings/email/").status_code, 302)

    def test_it_rejects_other_methods(self):
        self.assertEqual(self.client.patch("/accounts/settings/email/").status_code, 405)


class ChangePasswordTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_it_changes_the_password_and_keeps_me_logged_in(self):
        response = self.client.post(
            "/accounts/settings/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "quiet-forest-path-8",
                "new_password2": "quiet-forest-path-8",
            },
        )
        self.assertRedirects(response, "/accounts/settings/", fetch_redirect_response=False)
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password("quiet-forest-path-8"))
        self.assertEqual(self.client.get("/dashboard/").status_code, 200)

    def test_it_refuses_a_wrong_current_password(self):
        response = self.client.post(
            "/accounts/settings/password/",
            {
                "old_password": "wrong",
                "new_password1": "quiet-forest-path-8",
                "new_password2": "quiet-forest-path-8",
            },
        )
        self.assertEqual(response.status_code, 422)

    def test_it_requires_login(self):
        self.client.logout()
        self.assertEqual(self.client.get("/accounts/settings/password/").status_code, 302)


class CountryNamesTests(InnerchildTestCase):
    def test_country_names_follow_the_persons_language(self):
        self.alice.language = "es"
        self.alice.save(update_fields=["language"])
        self.login(self.alice)
        response = self.client.get("/accounts/settings/")
        self.assertContains(response, "Alemania")
        self.assertNotContains(response, ">Germany<")
