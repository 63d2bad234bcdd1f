from __future__ import annotations

from innerchild.assessments.tests.helpers import complete
from innerchild.core.testing import InnerchildTestCase


def result_url(attempt) -> str:
    return f"/assessments/attempt/{attempt.id}/result/"


class ResultPageTests(InnerchildTestCase):
    def test_it_shows_the_total_the_band_in_plain_words_and_the_citation(self):
        attempt = complete(self.alice, "phq9", [1] * 6 + [0] * 3)
        self.login(self.alice)
        response = self.client.get(result_url(attempt))
        self.assertContains(response, '<span class="score-value">6</span>', html=True)
        self.assertContains(response, "Mild")
        self.assertContains(response, "What this does not mean")
        self.assertContains(response, "It is not a diagnosis")
        self.assertContains(response, "Journal of General Internal Medicine")

    def test_a_phq9_of_ten_recommends_a_professional_and_says_how_to_find_one(self):
        attempt = complete(self.alice, "phq9", [2] * 5 + [0] * 4)
        self.login(self.alice)
        response = self.client.get(result_url(attempt))
        self.assertContains(response, "How to find a professional")
        self.assertContains(response, "Your family doctor")

    def test_a_phq9_of_nine_does_not_push_professional_help(self):
        attempt = complete(self.alice, "phq9", [1] * 8 + [0])
        self.login(self.alice)
        self.assertNotContains(self.client.get(result_url(attempt)), "How to find a professional")

    def test_gad7_of_ten_and_pcl5_probable_ptsd_and_who5_likely_depression_recommend_help(self):
        attempts = [
            complete(self.alice, "gad7", [2] * 5 + [0] * 2),
            complete(self.alice, "pcl5", [2] * 17 + [0] * 3),
            complete(self.alice, "who5", [1] * 5),
        ]
        self.login(self.alice)
        for attempt in attempts:
            with self.subTest(instrument=attempt.instrument):
                self.assertContains(
                    self.client.get(result_url(attempt)), "How to find a professional"
                )

    def test_a_self_harm_answer_keeps_the_way_to_crisis_lines_and_the_asq_on_the_result(self):
        attempt = complete(self.alice, "phq9", [0] * 8 + [2])
        self.login(self.alice)
        response = self.client.get(result_url(attempt))
        self.assertContains(response, "See crisis lines now")
        self.assertContains(response, 'href="/assessments/asq/"')

    def test_a_positive_asq_result_points_to_crisis_lines_and_shows_no_score(self):
        attempt = complete(self.alice, "asq", [1, 0, 0, 0, 1])
        self.login(self.alice)
        response = self.client.get(result_url(attempt))
        self.assertContains(response, "See crisis lines now")
        self.assertContains(response, "Please get help right now")
        self.assertNotContains(response, "score-value")
        self.assertNotContains(response, 'href="/assessments/asq/"')

    def test_the_signs_result_names_the_strongest_signs(self):
        attempt = complete(self.alice, "signs", [1, 0, 0, 4, 0, 0, 3, 0, 4, 0])
        self.login(self.alice)
        response = self.client.get(result_url(attempt))
        self.assertContains(
            response,
            '<ol class="strongest-signs"><li>Overreacting to triggers from the past</li>'
            "<li>Persistent loneliness and emptiness</li>"
            "<li>A strong need for external validation</li></ol>",
            html=True,
        )
        self.assertContains(response, "not a diagnosis and not a clinical test")
        self.assertContains(response, "Almost always")

    def test_the_ace_result_offers_grounding(self):
        attempt = complete(self.alice, "ace", [1] * 4 + [0] * 6)
        self.login(self.alice)
        response = self.client.get(result_url(attempt))
        self.assertContains(response, "Try a grounding exercise")
        self.assertContains(response, "/safety/pause/?from=")
        self.assertContains(response, "Four or more kinds of childhood adversity")

    def test_rses_says_its_bands_are_a_convention(self):
        attempt = complete(self.alice, "rses", [2, 1, 2, 2, 1, 1, 2, 1, 1, 2])
        self.login(self.alice)
        self.assertContains(self.client.get(result_url(attempt)), "not a validated cut-off")

    def test_pcl5_shows_its_clusters(self):
        attempt = complete(self.alice, "pcl5", [1] * 20)
        self.login(self.alice)
        response = self.client.get(result_url(attempt))
        self.assertContains(response, "Intrusions")
        self.assertContains(response, "Changes in arousal and reactivity")

    def test_it_requires_login(self):
        attempt = complete(self.alice, "gad7", [0] * 7)
        self.assertIn("/accounts/login/", self.client.get(result_url(attempt))["Location"])

    def test_other_people_get_not_found(self):
        attempt = complete(self.alice, "gad7", [0] * 7)
        for person in (self.bob, self.fay):
            with self.subTest(person=person.display_name):
                self.login(person)
                self.assertEqual(self.client.get(result_url(attempt)).status_code, 404)

    def test_an_adult_only_result_is_not_found_in_teen_mode(self):
        attempt = complete(self.tess, "ace", [0] * 10)
        self.login(self.tess)
        self.assertEqual(self.client.get(result_url(attempt)).status_code, 404)

    def test_it_refuses_post(self):
        attempt = complete(self.alice, "gad7", [0] * 7)
        self.login(self.alice)
        self.assertEqual(self.client.post(result_url(attempt)).status_code, 405)
