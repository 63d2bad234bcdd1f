"""Personal API tokens: made on the settings page (shown once), stored as a digest, listed,
revoked, expired, rate limited, audited."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from innerchild.api.actions import do_create_token
from innerchild.api.models import ApiToken
from innerchild.audit.models import AuditEvent, Event
from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.journal.tests.helpers import write

PAGE = reverse("api:tokens")
ENTRIES = "/api/v1/journal/entries/"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


class TokenPageTests(InnerchildTestCase):
    def test_it_makes_a_token_shows_it_once_and_stores_only_its_digest(self):
        self.login(self.alice)
        response = self.client.post(PAGE, {"name": "My journal app", "expires": "30"})
        self.assertEqual(response.status_code, 200)
        raw = response.context["new_token"]["raw"]
        self.assertTrue(raw.startswith("ic_"))
        self.assertContains(response, raw)
        token = ApiToken.objects.get()
        self.assertEqual(token.digest, hashlib.sha256(raw.encode()).hexdigest())
        self.assertNotIn(raw, json.dumps(raw_column_values("api_apitoken", "digest")))
        self.assertNotIn(raw, str(raw_column_values("api_apitoken", "prefix")))
        self.assertAlmostEqual(
            token.expires_at, timezone.now() + timedelta(days=30), delta=timedelta(minutes=1)
        )
        again = self.client.get(PAGE)
        self.assertNotContains(again, raw)
        self.assertContains(again, "My journal app")
        self.assertContains(again, token.prefix)

    def test_settings_lead_to_the_token_page(self):
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("accounts:profile")), f'href="{PAGE}"')

    def test_the_new_token_works_for_the_api(self):
        write(self.alice, body="hello")
        self.login(self.alice)
        raw = self.client.post(PAGE, {"name": "x", "expires": "90"}).context["new_token"]["raw"]
        response = Client().get(ENTRIES, **bearer(raw))
        self.assertEqual(response.status_code, 200)
        self.assertEqual([e["body"] for e in response.json()["entries"]], ["hello"])
        self.assertIsNotNone(ApiToken.objects.get().last_used_at)

    def test_it_needs_a_login_and_a_name(self):
        response = self.client.post(PAGE, {"name": "x", "expires": "30"})
        self.assertEqual(response.status_code, 302)
        self.login(self.alice)
        response = self.client.post(PAGE, {"name": "  ", "expires": "30"})
        self.assertEqual(response.status_code, 422)
        self.assertFalse(ApiToken.objects.exists())

    def test_revoking_stops_the_token_at_once_and_is_audited(self):
        token, raw = do_create_token(self.alice, name="x", days=None)
        self.login(self.alice)
        response = self.client.post(reverse("api:revoke", args=[token.id]), follow=True)
        self.assertContains(response, "no longer works")
        response = Client().get(ENTRIES, **bearer(raw))
        self.assertEqual(response.status_code, 401)
        self.assertIn("revoked", response.json()["detail"])
        events = list(
            AuditEvent.objects.filter(target_kind="api_token")
            .order_by("id")
            .values_list("event", flat=True)
        )
        self.assertEqual(events, [Event.API_TOKEN_CREATED, Event.API_TOKEN_REVOKED])

    def test_other_people_cannot_revoke_my_token(self):
        token, raw = do_create_token(self.alice, name="x", days=None)
        self.login(self.bob)
        self.assertEqual(self.client.post(reverse("api:revoke", args=[token.id])).status_code, 404)
        self.assertEqual(
            self.client.delete(f"/api/v1/tokens/{token.id}/", **bearer(raw)).status_code, 204
        )  # its owner, through the API

    def test_the_api_lists_my_tokens_only(self):
        do_create_token(self.alice, name="alice's", days=30)
        _, raw = do_create_token(self.bob, name="bob's", days=30)
        names = [t["name"] for t in Client().get("/api/v1/tokens/", **bearer(raw)).json()["tokens"]]
        self.assertEqual(names, ["bob's"])


class TokenAuthTests(InnerchildTestCase):
    def test_an_expired_token_is_refused(self):
        _, raw = do_create_token(self.alice, name="x", days=30)
        with time_machine.travel(timezone.now() + timedelta(days=31)):
            self.assertEqual(Client().get(ENTRIES, **bearer(raw)).status_code, 401)

    def test_a_wrong_or_odd_header_is_refused_with_a_reason(self):
        for header in ("Bearer nope", "Bearer " + "x" * 5000, "Basic abc", "Bearer"):
            with self.subTest(header=header[:20]):
                response = Client().get(ENTRIES, HTTP_AUTHORIZATION=header)
                self.assertEqual(response.status_code, 401)
                self.assertTrue(response.json()["detail"])
                self.assertEqual(response["WWW-Authenticate"], "Bearer")

    def test_a_token_needs_no_csrf_token_to_write(self):
        _, raw = do_create_token(self.alice, name="x", days=30)
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            ENTRIES,
            json.dumps({"body": "by token"}),
            content_type="application/json",
            **bearer(raw),
        )
        self.assertEqual(response.status_code, 201)

    def test_a_token_call_never_makes_a_session(self):
        from unittest import mock

        from django.conf import settings

        from innerchild.safety.api import ScreeningOutcome

        _, raw = do_create_token(self.alice, name="x", days=30)
        with mock.patch(
            "innerchild.safety.api.screen_saved_text", return_value=ScreeningOutcome(level="watch")
        ):
            response = Client().post(
                ENTRIES,
                json.dumps({"body": "a heavy day"}),
                content_type="application/json",
                **bearer(raw),
            )
        self.assertEqual(response.status_code, 201)
        self.assertNotIn(settings.SESSION_COOKIE_NAME, response.cookies)

    def test_a_session_needs_the_csrf_token_to_write(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(ENTRIES, json.dumps({"body": "x"}), content_type="application/json")
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF", response.json()["detail"])

    @override_settings(API_TOKEN_RATE="3/m")
    def test_token_use_is_rate_limited(self):
        cache.clear()
        _, raw = do_create_token(self.alice, name="x", days=30)
        codes = [Client().get(ENTRIES, **bearer(raw)).status_code for _ in range(4)]
        self.assertEqual(codes, [200, 200, 200, 429])
        response = Client().get(ENTRIES, **bearer(raw))
        self.assertEqual(response["Retry-After"], "60")
        self.assertIn("wait", response.json()["detail"])

    def test_a_token_of_a_deactivated_account_is_refused(self):
        _, raw = do_create_token(self.alice, name="x", days=30)
        self.alice.is_active = False
        self.alice.save(update_fields=["is_active"])
        self.assertEqual(Client().get(ENTRIES, **bearer(raw)).status_code, 401)
