from __future__ import annotations

from innerchild.assessments.models import Attempt
from innerchild.core.testing import InnerchildTestCase


class IntroPageTests(InnerchildTestCase):
    def test_it_shows_instructions_recall_period_and_citation(self):
        self.login(self.alice)
        response = self.client.get("/assessments/phq9/")
        self.assertContains(response, "Nine questions about how you have been feeling")
        self.assertContains(response, "The last 2 weeks")
        self.assertContains(response, "Kroenke K, Spitzer RL, Williams JBW")
        self.assertContains(response, "No permission is required")

    def test_the_self_check_says_it_is_not_a_clinical_test(self):
        self.login(self.alice)
        self.assertContains(self.client.get("/assessments/signs/"), "It is not a clinical test")

    def test_it_requires_login(self):
        response = self.client.get("/assessments/phq9/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_starting_creates_an_attempt_and_opens_the_first_question(self):
        self.login(self.alice)
        response = self.client.post("/assessments/gad7/", follow=True)
        attempt = Attempt.objects.get(owner=self.alice)
        self.assertEqual(attempt.instrument, "gad7")
        self.assertIsNone(attempt.completed_at)
        self.assertEqual(
            response.redirect_chain[-1][0], f"/assessments/attempt/{attempt.id}/item/1/"
        )
        self.assertContains(response, "Question 1 of 7")

    def test_starting_again_resumes_the_unfinished_attempt(self):
        self.login(self.alice)
        self.client.post("/assessments/gad7/")
        self.client.post("/assessments/gad7/")
        self.assertEqual(Attempt.objects.filter(owner=self.alice).count(), 1)

    def test_ace_starts_with_trauma_informed_framing(self):
        self.login(self.alice)
        response = self.client.get("/assessments/ace/")
        self.assertContains(response, "Before you start")
        self.assertContains(response, "You do not have to answer them")
        self.assertContains(response, "Not now")

    def test_ace_needs_an_explicit_yes_and_keeps_the_page(self):
        self.login(self.alice)
        response = self.client.post("/assessments/ace/", {})
        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response, "Please tick the box if you want to go ahead", status_code=422
        )
        self.assertFalse(Attempt.objects.exists())
        response = self.client.post("/assessments/ace/", {"consent": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Attempt.objects.filter(owner=self.alice, instrument="ace").exists())

    def test_adult_only_questionnaires_are_not_found_in_teen_mode(self):
        self.login(self.tess)
        for instrument in ("pcl5", "ace"):
            with self.subTest(instrument=instrument):
                self.assertEqual(self.client.get(f"/assessments/{instrument}/").status_code, 404)
                self.assertEqual(
                    self.client.post(f"/assessments/{instrument}/", {"consent": "on"}).status_code,
                    404,
                )
        self.assertEqual(self.client.get("/assessments/phq9/").status_code, 200)

    def test_an_unknown_instrument_is_not_found(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/assessments/phq10/").status_code, 404)

    def test_it_refuses_other_methods(self):
        self.login(self.alice)
        self.assertEqual(self.client.put("/assessments/phq9/").status_code, 405)

    def test_an_unfinished_attempt_can_be_discarded(self):
        self.login(self.alice)
        self.client.post("/assessments/gad7/")
        attempt = Attempt.objects.get()
        self.assertContains(self.client.get("/assessments/gad7/"), "Continue where I stopped")
        response = self.client.post(f"/assessments/attempt/{attempt.id}/discard/")
        self.assertRedirects(response, "/assessments/gad7/")
        self.assertFalse(Attempt.objects.exists())

    def test_nobody_else_can_discard_an_attempt(self):
        self.login(self.bob)
        self.client.post("/assessments/gad7/")
        attempt = Attempt.objects.get()
        self.login(self.alice)
        self.assertEqual(
            self.client.post(f"/assessments/attempt/{attempt.id}/discard/").status_code, 404
        )
        self.assertEqual(
            self.client.get(f"/assessments/attempt/{attempt.id}/discard/").status_code, 405
        )
        self.assertTrue(Attempt.objects.exists())
