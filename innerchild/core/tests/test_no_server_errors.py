"""Inputs that used to end in a server error now get a clear answer, in the right format."""

import json

from django.test import override_settings

from innerchild.core.testing import InnerchildTestCase

DEEP = "[" * 100_000 + "]" * 100_000
JSON_ENDPOINTS = [
    "/api/v1/journal/entries/",
    "/api/v1/journal/search/",
    "/api/v1/assessments/instruments/phq9/attempts/",
]


class NoServerErrorTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)

    def post_json(self, url: str, body, method: str = "post"):
        raw = body if isinstance(body, str) else json.dumps(body)
        return getattr(self.client, method)(url, raw, content_type="application/json")

    def test_a_search_up_to_the_last_day_of_the_calendar_is_refused_with_a_message(self):
        response = self.client.get("/journal/?date_to=9999-12-31")
        self.assertContains(response, "Choose a date between", status_code=422)
        response = self.client.post("/journal/search/", {"q": "calm", "date_to": "9999-12-31"})
        self.assertContains(response, "Choose a date between", status_code=422)
        self.assertContains(response, 'value="calm"', status_code=422)

    def test_the_search_api_refuses_the_last_day_of_the_calendar_in_json(self):
        response = self.post_json("/api/v1/journal/search/", {"q": "x", "date_to": "9999-12-31"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("date_to", response.json()["errors"])

    def test_deeply_nested_json_is_refused_on_every_json_endpoint(self):
        for url in JSON_ENDPOINTS:
            with self.subTest(url=url):
                response = self.post_json(url, DEEP)
                self.assertIn(response.status_code, (400, 422))
                self.assertIn("nested too deeply", response.json()["detail"])

    def test_moderately_nested_json_is_refused_before_it_reaches_the_forms(self):
        deep_list = 1
        for _ in range(40):
            deep_list = [deep_list]
        nested = {"body": "x", "details": {"a": deep_list}}
        response = self.post_json("/api/v1/journal/entries/", nested)
        self.assertEqual(response.status_code, 400)

    def test_a_lone_surrogate_in_a_body_is_refused_and_nothing_is_saved(self):
        response = self.post_json("/api/v1/journal/entries/", '{"body": "a \\ud800 b"}')
        self.assertEqual(response.status_code, 400)
        self.assertIn("invalid character", response.json()["detail"])
        response = self.post_json("/api/v1/journal/search/", '{"q": "\\udfff"}')
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.client.get("/api/v1/journal/entries/").json()["entries"], [])

    def test_a_trigger_with_its_need_and_intensity_inside_details_is_saved_or_explained(self):
        payload = {
            "kind": "trigger",
            "intensity": 6,
            "need": "safety",
            "details": {"need": ["nested"], "intensity": {"x": 1}, "situation": "A loud voice"},
        }
        response = self.post_json("/api/v1/journal/entries/", payload)
        self.assertIn(response.status_code, (201, 422))
        self.assertIn("json", response["Content-Type"])

    def test_odd_assessment_answers_are_explained_not_crashed_on(self):
        url = "/api/v1/assessments/instruments/phq9/attempts/"
        for answers in (["²"] * 9, ["9" * 5000] * 9, ["\u0661"] * 9):
            with self.subTest(first=answers[0][:5]):
                response = self.post_json(url, {"answers": answers})
                self.assertEqual(response.status_code, 422)
                self.assertTrue(response.json()["errors"]["answers.0"])
        raw = '{"answers": [' + ",".join(["9" * 5000] * 9) + "]}"
        # Python reads no integer of more than 4,300 digits: refused as a body it cannot read.
        self.assertEqual(self.post_json(url, raw).status_code, 400)

    def test_json_endpoints_answer_errors_in_json(self):
        cases = [
            (self.client.put("/api/v1/journal/search/"), 405),
            (self.client.get("/api/v1/journal/no-such-thing/"), 404),
            (self.client.get("/api/v1/assessments/instruments/no-such-test/attempts/"), 404),
        ]
        for response, status in cases:
            with self.subTest(status=status):
                self.assertEqual(response.status_code, status)
                self.assertTrue(response["Content-Type"].startswith("application/json"))
                self.assertTrue(response.json()["detail"])

    def test_a_json_endpoint_without_the_csrf_token_answers_in_json(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post("/api/v1/journal/entries/", "{}", content_type="application/json")
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF", response.json()["detail"])

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_a_body_over_the_limit_gets_a_clear_page_not_a_bare_error(self):
        response = self.client.post("/journal/new/", {"kind": "entry", "body": "words " * 500})
        self.assertContains(response, "too large to send", status_code=413)
        self.assertContains(response, "Back button", status_code=413)

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_a_json_body_over_the_limit_gets_a_json_answer(self):
        response = self.post_json("/api/v1/journal/search/", {"q": "x" * 5000})
        self.assertEqual(response.status_code, 413)
        self.assertIn("too large", response.json()["detail"])

    def test_every_page_tells_the_browser_the_request_limit_so_nothing_typed_is_sent_and_lost(self):
        response = self.client.get("/journal/new/")
        self.assertContains(response, 'data-max-request-bytes="')
        self.assertContains(response, "what you typed is still here")
