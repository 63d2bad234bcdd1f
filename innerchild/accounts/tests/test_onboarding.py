from innerchild.core.testing import InnerchildTestCase, make_person

ANSWERS = {
    "understands_self_help": "on",
    "understands_pause": "on",
    "accepts_terms": "on",
    "path": "facilitated",
}


class OnboardingTests(InnerchildTestCase):
    def setUp(self):
        self.newcomer = make_person("new@example.org", "Nia", onboarded=False)
        self.login(self.newcomer)

    def test_it_explains_what_the_work_is_and_is_not(self):
        response = self.client.get("/accounts/onboarding/")
        self.assertContains(response, "What inner child healing is")
        self.assertContains(response, "does not replace a therapist")
        self.assertContains(response, "Pause")

    def test_the_dashboard_sends_a_newcomer_to_onboarding(self):
        response = self.client.get("/dashboard/")
        self.assertRedirects(response, "/accounts/onboarding/", fetch_redirect_response=False)

    def test_it_records_consent_and_the_chosen_path(self):
        response = self.client.post("/accounts/onboarding/", ANSWERS)
        self.assertEqual(response.status_code, 302)
        self.newcomer.refresh_from_db()
        self.assertEqual(self.newcomer.path, "facilitated")
        self.assertIsNotNone(self.newcomer.terms_accepted_at)
        self.assertIsNotNone(self.newcomer.onboarded_at)

    def test_it_requires_consent_to_the_terms(self):
        response = self.client.post("/accounts/onboarding/", {**ANSWERS, "accepts_terms": ""})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "This field is required", status_code=422)
        self.assertContains(
            response, 'value="facilitated" id="id_path_1" required checked', status_code=422
        )
        self.newcomer.refresh_from_db()
        self.assertIsNone(self.newcomer.onboarded_at)

    def test_it_requires_login(self):
        self.client.logout()
        response = self.client.get("/accounts/onboarding/")
        self.assertRedirects(
            response, "/accounts/login/?next=/accounts/onboarding/", fetch_redirect_response=False
        )

    def test_it_rejects_other_methods(self):
        self.assertEqual(self.client.delete("/accounts/onboarding/").status_code, 405)
