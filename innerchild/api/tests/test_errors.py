"""Every error under /api/ is JSON {"detail": ...}, and the old JSON addresses lead to v1."""

from __future__ import annotations

import json

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal.tests.helpers import write


class ErrorShapeTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)

    def assert_error(self, response, status: int) -> dict:
        self.assertEqual(response.status_code, status)
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        self.assertIsInstance(response.json()["detail"], str)
        self.assertTrue(response.json()["detail"])
        return response.json()

    def test_an_unknown_address_is_a_json_404(self):
        self.assert_error(self.client.get("/api/v1/no/such/thing/"), 404)
        self.assert_error(self.client.get("/api/v2/journal/entries/"), 404)

    def test_a_wrong_method_is_a_json_405_naming_the_right_ones(self):
        response = self.client.put("/api/v1/journal/search/")
        self.assert_error(response, 405)
        self.assertEqual(response["Allow"], "POST")

    def test_a_body_too_large_is_a_json_413(self):
        body = json.dumps({"body": "x" * 900_000})
        response = self.client.post(
            "/api/v1/journal/entries/", body, content_type="application/json"
        )
        self.assertIn("limit", self.assert_error(response, 413)["detail"])

    def test_a_body_that_is_not_json_is_a_400_saying_so(self):
        response = self.client.post("/api/v1/journal/search/", "{", content_type="application/json")
        self.assertIn("not valid JSON", self.assert_error(response, 400)["detail"])

    def test_a_422_names_each_field_and_its_problem(self):
        response = self.client.post(
            "/api/v1/journal/entries/",
            json.dumps({"kind": "poem", "pleasantness": 9, "body": "x"}),
            content_type="application/json",
        )
        errors = self.assert_error(response, 422)["errors"]
        self.assertEqual(set(errors), {"kind", "pleasantness"})

    def test_errors_speak_the_persons_language(self):
        self.alice.language = "es"
        self.alice.save(update_fields=["language"])
        response = self.client.get("/api/v1/journal/entries/?q=x")
        self.assertNotIn("Search words", self.assert_error(response, 400)["detail"])


class OldAddressTests(InnerchildTestCase):
    def test_the_old_json_addresses_answer_308_to_v1_keeping_the_query(self):
        entry = write(self.alice)
        for old, new in (
            ("/journal/api/entries/?emotion=calm", "/api/v1/journal/entries/?emotion=calm"),
            ("/journal/api/search/", "/api/v1/journal/search/"),
            (f"/journal/api/entries/{entry.id}/", f"/api/v1/journal/entries/{entry.id}/"),
            ("/assessments/api/instruments/", "/api/v1/assessments/instruments/"),
            (
                "/assessments/api/instruments/gad7/attempts/",
                "/api/v1/assessments/instruments/gad7/attempts/",
            ),
            ("/assessments/api/history/", "/api/v1/assessments/history/"),
        ):
            with self.subTest(old=old):
                response = self.client.post(old)
                self.assertEqual((response.status_code, response["Location"]), (308, new))

    def test_a_client_following_the_redirect_gets_the_v1_answer(self):
        write(self.alice, body="still here")
        self.login(self.alice)
        response = self.client.get("/journal/api/entries/", follow=True)
        self.assertEqual([e["body"] for e in response.json()["entries"]], ["still here"])


class SchemaTests(InnerchildTestCase):
    def test_the_schema_is_published_to_anyone_as_openapi_3_1(self):
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertEqual(schema["openapi"], "3.1.0")
        self.assertIn("/api/v1/journal/entries/", schema["paths"])
        self.assertEqual(set(schema["components"]["securitySchemes"]), {"TokenAuth", "SessionAuth"})

    def test_no_documentation_page_pulls_scripts_from_elsewhere(self):
        self.assertEqual(self.client.get("/api/v1/docs").status_code, 404)
