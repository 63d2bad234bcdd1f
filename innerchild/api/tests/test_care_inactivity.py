"""A client's material through the browser session asks "is it still you?" after
CARE_REAUTH_MINUTES without opening any, on the same clock as the client pages; tokens do not."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from innerchild.api.actions import do_create_token
from innerchild.assessments.tests.helpers import complete
from innerchild.care.models import ShareKind
from innerchild.care.tests.base import CareTestCase
from innerchild.core.testing import PASSWORD
from innerchild.journal.tests.helpers import write

CHECK = reverse("accounts:confirm_it_is_you")


@override_settings(CARE_REAUTH_MINUTES=30)
class ClientMaterialAfterInactivityTests(CareTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        complete(cls.alice, "gad7", [1] * 7)
        cls.entry = write(cls.alice, body="Shared words")

    def setUp(self):
        self.start = timezone.now()
        self.share(ShareKind.ASSESSMENTS)
        self.share(ShareKind.ENTRY, item_id=self.entry.id)
        self.login(self.fay)
        self.api = f"/api/v1/care/clients/{self.link.id}/assessments/"
        self.page = reverse("care:client", args=[self.link.id])

    def at(self, minutes: float):
        return time_machine.travel(self.start + timedelta(minutes=minutes), tick=False)

    def test_before_the_limit_it_answers(self):
        with self.at(29):
            self.assertEqual(self.client.get(self.api).status_code, 200)

    def test_after_the_limit_it_asks_in_json_then_answers_once_confirmed(self):
        with self.at(31):
            response = self.client.get(self.api)
            self.assertEqual(response.status_code, 403)
            self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
            body = response.json()
            self.assertIn("confirm it is you", body["detail"])
            self.assertTrue(body["confirm_url"].startswith(f"{CHECK}?next="))
            entry = f"/api/v1/care/clients/{self.link.id}/entries/{self.entry.id}/"
            self.assertEqual(self.client.get(entry).status_code, 403)

            back = self.client.post(CHECK, {"secret": PASSWORD, "next": self.page})
            self.assertRedirects(back, self.page, fetch_redirect_response=False)
            self.assertEqual(self.client.get(self.api).status_code, 200)
            self.assertEqual(self.client.get(entry).status_code, 200)

    def test_the_confirm_page_it_names_brings_the_person_back_to_the_client(self):
        with self.at(31):
            confirm_url = self.client.get(self.api).json()["confirm_url"]
            self.assertEqual(self.client.get(confirm_url).status_code, 200)
            back = self.client.post(confirm_url, {"secret": PASSWORD})
            self.assertRedirects(back, self.page, fetch_redirect_response=False)

    def test_opening_a_client_page_keeps_the_api_open(self):
        with self.at(20):
            self.assertEqual(self.client.get(self.page).status_code, 200)
        with self.at(45):
            self.assertEqual(self.client.get(self.api).status_code, 200)

    def test_reading_through_the_api_keeps_the_client_pages_open(self):
        for minutes in (20, 40):
            with self.at(minutes):
                self.assertEqual(self.client.get(self.api).status_code, 200)
        with self.at(65):
            self.assertEqual(self.client.get(self.page).status_code, 200)

    def test_a_refused_call_does_not_restart_the_clock(self):
        with self.at(31):
            self.assertEqual(self.client.get(self.api).status_code, 403)
        with self.at(32):
            self.assertEqual(self.client.get(self.api).status_code, 403)

    def test_the_list_of_clients_does_not_ask_like_its_page(self):
        with self.at(31):
            self.assertEqual(self.client.get("/api/v1/care/clients/").status_code, 200)

    def test_a_personal_token_is_not_asked(self):
        _token, raw = do_create_token(self.fay, name="tools", days=30)
        with self.at(120):
            response = Client().get(self.api, HTTP_AUTHORIZATION=f"Bearer {raw}")
            self.assertEqual(response.status_code, 200)
