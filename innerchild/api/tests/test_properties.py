"""Property-based tests on /api/v1/ with a personal token: dates across the calendar, numbers of
any size, any JSON and any text give a JSON answer with a "detail" message on error, never a
server error or an HTML page."""

from __future__ import annotations

import json

from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from innerchild.api.actions import do_create_token
from innerchild.core.testing import make_person
from innerchild.journal.tests.helpers import write

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
dates = st.dates().map(str) | st.text(max_size=12)
huge = st.integers() | st.integers(min_value=10**18, max_value=10**60)


@override_settings(API_TOKEN_RATE="100000/m")
class ApiPropertyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = make_person("prop@example.org", "Prop")
        cls.entry = write(cls.person, body="A first page")
        _, raw = do_create_token(cls.person, name="props", days=30)
        cls.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def setUp(self):
        self.client = Client(**self.auth)

    def assert_json_answer(self, response):
        self.assertLess(response.status_code, 500)
        if response.status_code == 204:
            return
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        if response.status_code >= 400:
            self.assertIsInstance(response.json()["detail"], str)

    @PROPERTY_SETTINGS
    @given(dates, dates, huge)
    def test_the_list_answers_any_dates_and_page(self, start, end, page):
        response = self.client.get(
            "/api/v1/journal/entries/", {"date_from": start, "date_to": end, "page": page}
        )
        self.assert_json_answer(response)
        self.assertIn(response.status_code, (200, 422))

    @PROPERTY_SETTINGS
    @given(dates, dates, st.text(max_size=200), huge)
    def test_search_answers_any_dates_words_and_page(self, start, end, words, page):
        body = {"q": words, "date_from": start, "date_to": end, "page": page}
        response = self.client.post(
            "/api/v1/journal/search/", json.dumps(body), content_type="application/json"
        )
        self.assert_json_answer(response)
        self.assertIn(response.status_code, (200, 422))

    @PROPERTY_SETTINGS
    @given(huge, huge, huge)
    def test_numbers_of_any_size_are_refused_with_the_field_named(self, pleasantness, energy, n):
        body = {"body": "x", "pleasantness": pleasantness, "energy": energy, "intensity": n}
        response = self.client.post(
            "/api/v1/journal/entries/", json.dumps(body), content_type="application/json"
        )
        self.assert_json_answer(response)
        if not (1 <= pleasantness <= 5 and 1 <= energy <= 5 and 0 <= n <= 10):
            self.assertEqual(response.status_code, 422)
            self.assertTrue(response.json()["errors"])

    @PROPERTY_SETTINGS
    @given(huge | st.text(max_size=30))
    def test_any_id_in_an_address_is_404_or_422(self, value):
        for url in (f"/api/v1/tokens/{value}/", f"/api/v1/journal/entries/{value}/"):
            response = self.client.delete(url)
            self.assert_json_answer(response)
            self.assertIn(response.status_code, (404, 405, 422))

    @PROPERTY_SETTINGS
    @given(json_values, st.sampled_from(["put", "patch"]))
    def test_any_json_sent_to_change_an_entry_is_saved_or_explained(self, value, method):
        response = getattr(self.client, method)(
            f"/api/v1/journal/entries/{self.entry.id}/",
            json.dumps(value),
            content_type="application/json",
        )
        self.assert_json_answer(response)
        self.assertIn(response.status_code, (200, 422))

    @PROPERTY_SETTINGS
    @given(st.text(max_size=2000), st.integers(min_value=0xD800, max_value=0xDFFF))
    def test_free_text_is_saved_or_explained_and_surrogates_refused(self, text, code):
        response = self.client.post(
            "/api/v1/journal/entries/",
            json.dumps({"title": text[:50], "body": text}),
            content_type="application/json",
        )
        self.assert_json_answer(response)
        self.assertIn(response.status_code, (201, 422))
        raw = json.dumps({"body": text})[:-1] + f', "title": "\\u{code:04x}"}}'
        response = self.client.post(
            "/api/v1/journal/entries/", raw, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("invalid character", response.json()["detail"])
