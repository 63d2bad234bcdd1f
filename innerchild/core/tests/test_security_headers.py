"""Security headers on every kind of response: HSTS over HTTPS, no-store for a person's own data,
Permissions-Policy that opens camera and microphone only in the live room."""

import json

from django.test import override_settings

from innerchild.core.testing import InnerchildTestCase

NO_DEVICES = "camera=(), microphone=()"
LIVE_DEVICES = "camera=(self), microphone=(self), display-capture=(self)"


class SecurityHeaderTests(InnerchildTestCase):
    def person_pages(self) -> list[str]:
        self.client.post("/journal/new/", {"kind": "entry", "body": "Private words."})
        entry = self.client.get("/api/v1/journal/entries/").json()["entries"][0]
        return [
            "/dashboard/",
            "/journal/",
            f"/journal/entries/{entry['id']}/",
            "/journal/younger-self/",
            "/api/v1/journal/entries/",
            "/safety/plan/",
            "/assessments/",
            "/guide/",
            "/accounts/settings/",
            "/accounts/settings/data/",
            "/journal/no-such-page/",
        ]

    def test_every_page_of_a_logged_in_person_is_never_stored_by_the_browser(self):
        self.login(self.alice)
        for url in self.person_pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn("no-store", response["Cache-Control"])

    def test_the_data_export_and_json_errors_are_not_stored_either(self):
        self.login(self.alice)
        export = self.client.post("/accounts/settings/data/export/")
        self.assertIn("no-store", export["Cache-Control"])
        error = self.client.put("/api/v1/journal/search/")
        self.assertEqual(error.status_code, 405)
        self.assertIn("no-store", error["Cache-Control"])

    def test_public_pages_may_be_cached(self):
        for url in ("/", "/about/", "/accounts/signup/", "/safety/pause/"):
            with self.subTest(url=url):
                self.assertNotIn("no-store", self.client.get(url).get("Cache-Control", ""))

    def test_camera_and_microphone_are_off_on_every_page_outside_the_live_room(self):
        urls = ["/", "/accounts/login/", "/no-such-page/"]
        self.login(self.alice)
        urls += self.person_pages()
        for url in urls:
            with self.subTest(url=url):
                self.assertIn(NO_DEVICES, self.client.get(url)["Permissions-Policy"])

    def test_the_live_room_pages_may_use_camera_microphone_and_screen_sharing(self):
        self.login(self.alice)
        for url in ("/live/join/", "/live/00000000-0000-0000-0000-000000000000/"):
            with self.subTest(url=url):
                self.assertIn(LIVE_DEVICES, self.client.get(url)["Permissions-Policy"])

    def test_a_json_error_keeps_the_headers(self):
        response = self.client.post(
            "/api/v1/journal/search/", json.dumps({}), content_type="application/json"
        )
        self.assertEqual(response.status_code, 401)
        self.assertIn(NO_DEVICES, response["Permissions-Policy"])

    @override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_PRELOAD=True)
    def test_https_responses_carry_hsts_and_plain_http_does_not(self):
        secure = self.client.get("/", secure=True)
        self.assertEqual(secure["Strict-Transport-Security"], "max-age=31536000; preload")
        self.assertNotIn("Strict-Transport-Security", self.client.get("/"))

    def test_hsts_is_on_by_default_for_a_year(self):
        from django.conf import settings

        self.assertEqual(settings.SECURE_HSTS_SECONDS, 365 * 24 * 3600)
        self.assertIn("Strict-Transport-Security", self.client.get("/", secure=True))
