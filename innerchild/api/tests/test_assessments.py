"""The questionnaire endpoints under /api/v1/assessments/."""

from __future__ import annotations

import json

from django.test import Client

from innerchild.assessments.models import Attempt
from innerchild.assessments.tests.helpers import complete
from innerchild.core.testing import PASSWORD, InnerchildTestCase


class InstrumentListApiTests(InnerchildTestCase):
    def test_it_lists_instruments_with_items_and_options(self):
        self.login(self.alice)
        data = self.client.get("/api/v1/assessments/instruments/").json()
        ids = [instrument["id"] for instrument in data["instruments"]]
        self.assertEqual(ids[0], "signs")
        self.assertEqual(len(ids), 10)
        phq9 = next(i for i in data["instruments"] if i["id"] == "phq9")
        self.assertEqual(len(phq9["items"]), 9)
        self.assertEqual(phq9["items"][0]["options"][3], {"value": 3, "label": "Nearly every day"})
        self.assertEqual(phq9["meaningful_change"], {"metric": "total", "points": 5})

    def test_teen_mode_leaves_out_the_adult_only_questionnaires(self):
        self.login(self.tess)
        ids = [
            i["id"]
            for i in self.client.get("/api/v1/assessments/instruments/").json()["instruments"]
        ]
        self.assertNotIn("pcl5", ids)
        self.assertNotIn("ace", ids)

    def test_it_requires_login(self):
        response = self.client.get("/api/v1/assessments/instruments/")
        self.assertEqual(response.status_code, 401)

    def test_it_refuses_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.post("/api/v1/assessments/instruments/").status_code, 405)


class SubmitAnswersApiTests(InnerchildTestCase):
    URL = "/api/v1/assessments/instruments/{}/attempts/"

    def post(self, instrument_id: str, body, client=None):
        client = client or self.client
        return client.post(
            self.URL.format(instrument_id),
            data=body if isinstance(body, str) else json.dumps(body),
            content_type="application/json",
        )

    def test_it_scores_and_saves_a_complete_set_of_answers(self):
        self.login(self.alice)
        response = self.post("gad7", {"answers": [2, 2, 2, 2, 2, 0, 0]})
        self.assertEqual(response.status_code, 201)
        data = response.json()
        self.assertEqual(
            data["score"],
            {"instrument": "gad7", "total": 10, "band": "moderate", "flags": [], "subscales": {}},
        )
        self.assertIsNone(data["safety"])
        attempt = Attempt.objects.get(id=data["id"])
        self.assertEqual((attempt.owner, attempt.answers.count()), (self.alice, 7))

    def test_a_self_harm_answer_returns_the_safety_flow(self):
        self.login(self.alice)
        data = self.post("phq9", {"answers": [0] * 8 + [3]}).json()
        self.assertEqual(data["safety"]["actions"], ["crisis_then_asq"])
        self.assertEqual(data["safety"]["next_url"], "/safety/crisis/?next=%2Fassessments%2Fasq%2F")

    def test_wrong_answers_are_rejected_with_the_item_and_allowed_values(self):
        self.login(self.alice)
        response = self.post("gad7", {"answers": [0, 0, 0, 0, 0, 0, 4]})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["errors"]["answers"],
            ["gad7: item 7: 4 is not allowed (allowed: 0, 1, 2, 3)"],
        )
        self.assertFalse(Attempt.objects.exists())

    def test_a_body_that_is_not_json_is_rejected(self):
        self.login(self.alice)
        self.assertEqual(self.post("gad7", "answers=1,2").status_code, 400)
        missing = self.post("gad7", {"answer": [1]})
        self.assertEqual(missing.status_code, 422)
        self.assertIn("answers", missing.json()["errors"])

    def test_it_needs_the_csrf_token_like_any_session_request(self):
        client = Client(enforce_csrf_checks=True)
        client.login(username=self.alice.email, password=PASSWORD)
        self.assertEqual(self.post("gad7", {"answers": [0] * 7}, client=client).status_code, 403)
        client.get("/assessments/")
        token = client.cookies["csrftoken"].value
        response = client.post(
            self.URL.format("gad7"),
            data=json.dumps({"answers": [0] * 7}),
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        self.assertEqual(response.status_code, 201)

    def test_it_requires_login(self):
        self.assertEqual(self.post("gad7", {"answers": [0] * 7}).status_code, 401)

    def test_adult_only_questionnaires_are_not_found_in_teen_mode(self):
        self.login(self.tess)
        self.assertEqual(self.post("ace", {"answers": [0] * 10}).status_code, 404)

    def test_an_unknown_instrument_is_not_found(self):
        self.login(self.alice)
        self.assertEqual(self.post("phq10", {"answers": [0]}).status_code, 404)

    def test_it_refuses_put(self):
        self.login(self.alice)
        self.assertEqual(self.client.put(self.URL.format("gad7")).status_code, 405)


class HistoryApiTests(InnerchildTestCase):
    def test_it_returns_my_completed_attempts_oldest_first(self):
        complete(self.alice, "who5", [3] * 5, days_ago=7)
        complete(self.alice, "who5", [4] * 5, days_ago=0)
        complete(self.bob, "who5", [0] * 5)
        self.login(self.alice)
        data = self.client.get("/api/v1/assessments/instruments/who5/attempts/").json()
        self.assertEqual([a["score"]["percent"] for a in data["attempts"]], [60, 80])
        everything = self.client.get("/api/v1/assessments/history/").json()["attempts"]
        self.assertEqual(len(everything), 2)

    def test_it_leaves_out_unfinished_attempts(self):
        self.login(self.alice)
        self.client.post("/assessments/gad7/")
        self.assertEqual(self.client.get("/api/v1/assessments/history/").json(), {"attempts": []})

    def test_it_requires_login(self):
        self.assertEqual(self.client.get("/api/v1/assessments/history/").status_code, 401)

    def test_it_refuses_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.post("/api/v1/assessments/history/").status_code, 405)
