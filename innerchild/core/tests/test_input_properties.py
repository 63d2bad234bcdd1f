"""Property-based tests: whatever a person or a client sends, the answer is never a server error.

Hypothesis generates dates across the whole calendar, numbers of any size, arbitrary JSON and free
text (every Unicode character but lone surrogates, which a form body cannot carry; the JSON
endpoints are also sent surrogate escapes directly).
"""

import json

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from innerchild.core import jsonbody
from innerchild.core.testing import make_person

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
entry_like = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.sampled_from(["entry", "letter_to", "dialogue", "trigger", "session", "x"]),
        "title": json_values,
        "body": json_values,
        "tags": json_values,
        "signs": json_values,
        "pleasantness": json_values,
        "energy": json_values,
        "emotion": json_values,
        "intensity": json_values,
        "need": json_values,
        "details": json_values
        | st.dictionaries(
            st.sampled_from(["need", "intensity", "turns", "situation", "reaction", "kind"]),
            json_values,
        ),
    },
)
date_text = st.dates().map(str) | st.text(max_size=12)
free_text = st.text(max_size=300)


class InputPropertyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = make_person("prop@example.org", "Prop")

    def setUp(self):
        self.client = Client()
        self.client.force_login(self.person)

    def post_json(self, url: str, raw: str):
        return self.client.post(url, raw, content_type="application/json")

    def assert_answered_in_json(self, response):
        self.assertLess(response.status_code, 500)
        self.assertIn("json", response["Content-Type"])

    @PROPERTY_SETTINGS
    @given(entry_like)
    def test_the_entries_api_answers_any_entry_shaped_json_without_a_server_error(self, payload):
        self.assert_answered_in_json(
            self.post_json("/api/v1/journal/entries/", json.dumps(payload))
        )

    @PROPERTY_SETTINGS
    @given(json_values)
    def test_every_json_endpoint_answers_any_json_value_without_a_server_error(self, value):
        raw = json.dumps(value)
        for url in (
            "/api/v1/journal/entries/",
            "/api/v1/journal/search/",
            "/api/v1/assessments/instruments/phq9/attempts/",
        ):
            self.assert_answered_in_json(self.post_json(url, raw))

    @PROPERTY_SETTINGS
    @given(
        st.fixed_dictionaries(
            {},
            optional={
                "q": json_values,
                "tag": json_values,
                "date_from": date_text,
                "date_to": date_text,
                "page": json_values,
                "kind": json_values,
            },
        )
    )
    def test_the_search_api_answers_any_dates_and_words_without_a_server_error(self, payload):
        self.assert_answered_in_json(self.post_json("/api/v1/journal/search/", json.dumps(payload)))

    @PROPERTY_SETTINGS
    @given(date_text, date_text, free_text)
    def test_the_journal_search_page_answers_any_dates_and_words(self, start, end, words):
        response = self.client.post(
            "/journal/search/", {"q": words, "date_from": start, "date_to": end}
        )
        self.assertIn(response.status_code, (302, 422))
        listing = self.client.get("/journal/", {"date_from": start, "date_to": end})
        self.assertIn(listing.status_code, (200, 422))

    @PROPERTY_SETTINGS
    @given(
        st.lists(
            json_values
            | st.text(alphabet="0123456789\u00b2\u00b3\u00b9\u0660\u0661\u0662-+ .e", max_size=30)
        )
    )
    def test_the_assessment_api_explains_any_answers_it_cannot_score(self, answers):
        response = self.post_json(
            "/api/v1/assessments/instruments/phq9/attempts/", json.dumps({"answers": answers})
        )
        self.assert_answered_in_json(response)
        self.assertIn(response.status_code, (201, 422))

    @PROPERTY_SETTINGS
    @given(free_text, free_text, st.integers() | st.text(max_size=8))
    def test_the_journal_form_saves_or_explains_any_text(self, title, body, pleasantness):
        response = self.client.post(
            "/journal/new/",
            {"kind": "entry", "title": title, "body": body, "pleasantness": pleasantness},
        )
        self.assertIn(response.status_code, (302, 422))

    @PROPERTY_SETTINGS
    @given(free_text, st.integers() | free_text, free_text)
    def test_the_trigger_form_saves_or_explains_any_input(self, situation, intensity, need):
        response = self.client.post(
            "/journal/trigger/new/",
            {"situation": situation, "intensity": intensity, "need": need},
        )
        self.assertIn(response.status_code, (302, 422))

    @PROPERTY_SETTINGS
    @given(st.integers(min_value=-(10**6), max_value=10**6) | free_text, free_text)
    def test_sign_up_answers_any_birth_year_and_name(self, year, name):
        anonymous = Client()
        response = anonymous.post(
            "/accounts/signup/",
            {
                "display_name": name,
                "email": "someone@example.org",
                "birth_year": year,
                "role": "member",
                "password1": "calm-river-stones-42",
                "password2": "calm-river-stones-42",
            },
        )
        self.assertIn(response.status_code, (200, 302, 422))

    @PROPERTY_SETTINGS
    @given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
    def test_reading_a_json_body_either_succeeds_or_says_what_is_wrong(self, body):
        try:
            jsonbody.parse(body)
        except jsonbody.BadJson as exc:
            self.assertTrue(str(exc))

    @PROPERTY_SETTINGS
    @given(st.integers(min_value=0xD800, max_value=0xDFFF), free_text)
    def test_surrogate_escapes_are_refused_by_every_json_endpoint(self, code, text):
        raw = json.dumps({"body": text, "q": text})[:-1] + f', "title": "\\u{code:04x}"}}'
        for url in ("/api/v1/journal/entries/", "/api/v1/journal/search/"):
            response = self.post_json(url, raw)
            self.assertEqual(response.status_code, 400)
