from __future__ import annotations

from innerchild.assessments.tests.helpers import complete, count_queries
from innerchild.core.testing import InnerchildTestCase

URL = "/assessments/"


class CheckInListTests(InnerchildTestCase):
    def test_it_lists_the_self_check_and_the_questionnaires(self):
        self.login(self.alice)
        response = self.client.get(URL)
        self.assertContains(response, "The ten signs self-check")
        self.assertContains(response, "Patient Health Questionnaire (PHQ-9)")
        self.assertContains(response, "PTSD Checklist for DSM-5 (PCL-5)")
        self.assertContains(response, "not a clinical test")

    def test_it_requires_login(self):
        response = self.client.get(URL)
        self.assertRedirects(
            response, f"/accounts/login/?next={URL}", fetch_redirect_response=False
        )

    def test_it_hides_the_adult_only_questionnaires_in_teen_mode(self):
        self.login(self.tess)
        response = self.client.get(URL)
        self.assertContains(response, "PHQ-9")
        self.assertNotContains(response, "PCL-5")
        self.assertNotContains(response, "Adverse Childhood Experiences")

    def test_it_links_to_the_last_result_and_history(self):
        attempt = complete(self.alice, "gad7", [1] * 7)
        self.login(self.alice)
        response = self.client.get(URL)
        self.assertContains(response, f"/assessments/attempt/{attempt.id}/result/")
        self.assertContains(response, "/assessments/gad7/history/")

    def test_it_offers_to_continue_an_unfinished_check_in(self):
        self.login(self.alice)
        self.client.post("/assessments/who5/")
        response = self.client.get(URL)
        self.assertContains(response, "Continue where you stopped")

    def test_it_does_not_show_other_peoples_results(self):
        attempt = complete(self.bob, "gad7", [1] * 7)
        self.login(self.alice)
        self.assertNotContains(self.client.get(URL), str(attempt.id))

    def test_it_refuses_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(URL).status_code, 405)

    def test_it_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        complete(self.alice, "phq9", [0] * 9)
        one = count_queries(self.client, URL)
        for day in range(30):
            complete(self.alice, "phq9", [1] * 8 + [0], days_ago=day + 1)
            complete(self.alice, "who5", [3] * 5, days_ago=day + 1)
        self.assertEqual(count_queries(self.client, URL), one)
