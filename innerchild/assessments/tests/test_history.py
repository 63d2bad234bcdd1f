from __future__ import annotations

import json

from innerchild.assessments.tests.helpers import complete, count_queries
from innerchild.core.testing import InnerchildTestCase


class HistoryPageTests(InnerchildTestCase):
    def chart(self, response) -> dict:
        html = response.content.decode()
        start = html.index('<script id="history-data" type="application/json">')
        body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
        return json.loads(body)

    def test_it_lists_every_completed_attempt_with_chart_data(self):
        complete(self.alice, "phq9", [2] * 9, days_ago=28)
        complete(self.alice, "phq9", [1] * 9, days_ago=14)
        complete(self.alice, "phq9", [1] * 7 + [0] * 2, days_ago=0)
        self.login(self.alice)
        response = self.client.get("/assessments/phq9/history/")
        self.assertContains(response, "vendor/chart.umd.min.js")
        self.assertContains(response, "assessments/history.js")
        data = self.chart(response)
        self.assertEqual(data["series"][0]["values"], [18, 9, 7])
        self.assertEqual((data["min"], data["max"]), (0, 27))
        self.assertContains(response, "<caption>Every time you completed it</caption>", html=True)
        self.assertContains(response, "Moderately severe")

    def test_it_shows_change_since_first_and_previous_against_the_threshold(self):
        complete(self.alice, "phq9", [2] * 9, days_ago=28)
        complete(self.alice, "phq9", [1] * 9, days_ago=14)
        complete(self.alice, "phq9", [1] * 7 + [0] * 2, days_ago=0)
        self.login(self.alice)
        response = self.client.get("/assessments/phq9/history/")
        self.assertEqual(response.context["change"].since_previous, -2)
        self.assertFalse(response.context["change"].previous_is_meaningful)
        self.assertEqual(response.context["change"].since_first, -11)
        self.assertTrue(response.context["change"].first_is_meaningful)
        self.assertContains(
            response, "Since the previous time you took it, your total score went down by 2 points."
        )
        self.assertContains(response, "This is within the usual ups and downs.")
        self.assertContains(response, "This is a meaningful change.")

    def test_the_threshold_is_inclusive(self):
        complete(self.alice, "gad7", [2] * 7, days_ago=14)
        complete(self.alice, "gad7", [2] * 5 + [0, 0], days_ago=7)
        complete(self.alice, "gad7", [2] * 5 + [1, 0], days_ago=0)
        self.login(self.alice)
        change = self.client.get("/assessments/gad7/history/").context["change"]
        self.assertEqual((change.since_first, change.first_is_meaningful), (-3, False))
        self.assertEqual((change.since_previous, change.previous_is_meaningful), (1, False))
        complete(self.alice, "gad7", [2] * 7, days_ago=-1)
        change = self.client.get("/assessments/gad7/history/").context["change"]
        self.assertEqual((change.since_previous, change.previous_is_meaningful), (3, False))
        complete(self.alice, "gad7", [2] * 5 + [0, 0], days_ago=-2)
        change = self.client.get("/assessments/gad7/history/").context["change"]
        self.assertEqual((change.since_previous, change.previous_is_meaningful), (-4, True))

    def test_who5_change_is_in_percentage_points(self):
        complete(self.alice, "who5", [2] * 5, days_ago=14)
        complete(self.alice, "who5", [2, 2, 2, 3, 3], days_ago=0)
        self.login(self.alice)
        response = self.client.get("/assessments/who5/history/")
        change = response.context["change"]
        self.assertEqual(
            (change.metric, change.since_first, change.first_is_meaningful), ("percent", 8, False)
        )
        self.assertEqual(self.chart(response)["series"][0]["values"], [40, 48])
        complete(self.alice, "who5", [3] * 5, days_ago=-1)
        change = self.client.get("/assessments/who5/history/").context["change"]
        self.assertEqual((change.since_first, change.first_is_meaningful), (20, True))

    def test_pcl5_meaningful_change_is_ten_points(self):
        complete(self.alice, "pcl5", [2] * 20, days_ago=30)
        complete(self.alice, "pcl5", [2] * 15 + [0] * 5, days_ago=0)
        self.login(self.alice)
        change = self.client.get("/assessments/pcl5/history/").context["change"]
        self.assertEqual((change.since_first, change.first_is_meaningful), (-10, True))

    def test_ecr_rs_charts_both_subscales(self):
        complete(self.alice, "ecr_rs", [4] * 9)
        self.login(self.alice)
        data = self.chart(self.client.get("/assessments/ecr_rs/history/"))
        self.assertEqual([s["label"] for s in data["series"]], ["Avoidance", "Anxiety"])
        self.assertEqual((data["min"], data["max"]), (1, 7))

    def test_without_attempts_it_invites_a_first_check_in_and_loads_no_chart(self):
        self.login(self.alice)
        response = self.client.get("/assessments/gad7/history/")
        self.assertContains(response, "You have not completed this questionnaire yet.")
        self.assertNotContains(response, "chart.umd.min.js")

    def test_it_shows_only_my_attempts(self):
        complete(self.bob, "gad7", [3] * 7)
        complete(self.alice, "gad7", [0] * 7)
        self.login(self.alice)
        data = self.chart(self.client.get("/assessments/gad7/history/"))
        self.assertEqual(data["series"][0]["values"], [0])

    def test_unfinished_attempts_are_left_out(self):
        complete(self.alice, "gad7", [1] * 7)
        self.login(self.alice)
        self.client.post("/assessments/gad7/")
        data = self.chart(self.client.get("/assessments/gad7/history/"))
        self.assertEqual(len(data["labels"]), 1)

    def test_it_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        complete(self.alice, "phq9", [1] * 9, days_ago=100)
        one = count_queries(self.client, "/assessments/phq9/history/")
        for day in range(29):
            complete(self.alice, "phq9", [day % 4] * 8 + [0], days_ago=day)
        self.assertLessEqual(one, 4)
        with self.assertNumQueries(one):
            response = self.client.get("/assessments/phq9/history/")
        self.assertEqual(len(self.chart(response)["labels"]), 30)

    def test_it_requires_login(self):
        self.assertIn("/accounts/login/", self.client.get("/assessments/phq9/history/")["Location"])

    def test_adult_only_history_is_not_found_in_teen_mode(self):
        self.login(self.tess)
        self.assertEqual(self.client.get("/assessments/pcl5/history/").status_code, 404)

    def test_it_refuses_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.post("/assessments/phq9/history/").status_code, 405)
