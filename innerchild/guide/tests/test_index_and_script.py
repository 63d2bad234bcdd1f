"""The list of sessions, a session's page, and who may start a deep one."""

from __future__ import annotations

from unittest import mock

from innerchild.core.testing import InnerchildTestCase
from innerchild.guide.models import SessionRun
from innerchild.guide.tests.helpers import start_run, walk
from innerchild.safety import api as safety_api

DEEP = "regression-to-a-memory"


class IndexTests(InnerchildTestCase):
    def test_it_lists_every_session_with_its_signs(self):
        self.login(self.alice)
        response = self.client.get("/guide/")
        self.assertContains(response, "Meeting your younger self")
        self.assertContains(response, "End-of-day check-in")
        self.assertContains(response, "Fear of being left or rejected")

    def test_it_offers_to_pick_up_a_session_in_progress(self):
        self.login(self.alice)
        run = start_run(self.client, "safe-place")
        walk(self.client, run, until=3)
        response = self.client.get("/guide/")
        self.assertContains(response, "Pick up where you were")
        self.assertContains(response, run.step_url(2))

    def test_it_shows_spanish_sessions_to_spanish_speakers(self):
        self.alice.language = "es"
        self.alice.save(update_fields=["language"])
        self.login(self.alice)
        response = self.client.get("/guide/")
        self.assertContains(response, "Un lugar seguro por dentro")
        self.assertContains(response, "Encontrarte con tu yo más joven")
        self.assertNotContains(response, "Meeting your younger self")

    def test_it_requires_login(self):
        response = self.client.get("/guide/")
        self.assertRedirects(
            response, "/accounts/login/?next=/guide/", fetch_redirect_response=False
        )

    def test_it_only_answers_get(self):
        self.login(self.alice)
        self.assertEqual(self.client.post("/guide/").status_code, 405)


class ScriptPageTests(InnerchildTestCase):
    def test_it_describes_the_session_and_offers_to_begin(self):
        self.login(self.alice)
        response = self.client.get("/guide/scripts/safe-place/")
        self.assertContains(response, "A safe place inside")
        self.assertContains(response, "your eyes can stay open".capitalize()[:4])
        self.assertContains(response, "Begin the session")

    def test_a_deep_session_is_locked_for_a_teenager_with_the_reason(self):
        self.login(self.tess)
        response = self.client.get(f"/guide/scripts/{DEEP}/")
        self.assertContains(response, "Not available for you right now.")
        self.assertNotContains(response, "Begin the session")

    def test_a_teenager_cannot_start_a_deep_session_by_posting(self):
        self.login(self.tess)
        response = self.client.post(f"/guide/scripts/{DEEP}/start/")
        self.assertEqual(response.status_code, 409)
        self.assertFalse(SessionRun.objects.filter(owner=self.tess).exists())

    def test_a_gate_that_needs_readiness_links_to_the_readiness_screen(self):
        self.login(self.alice)
        gate = safety_api.Gate(
            allowed=False, reason="First, a few questions.", readiness_needed=True
        )
        with mock.patch.object(safety_api, "deep_exercise_gate", return_value=gate):
            response = self.client.get(f"/guide/scripts/{DEEP}/")
        self.assertContains(response, "First, a few questions.")
        self.assertContains(
            response,
            safety_api.readiness_url(next_url=f"/guide/scripts/{DEEP}/").replace("&", "&amp;"),
        )

    def test_an_open_gate_lets_an_adult_begin_a_deep_session(self):
        self.login(self.alice)
        with mock.patch.object(
            safety_api, "deep_exercise_gate", return_value=safety_api.Gate(allowed=True)
        ):
            response = self.client.post(f"/guide/scripts/{DEEP}/start/")
        run = SessionRun.objects.get(owner=self.alice)
        self.assertRedirects(response, run.step_url(0))

    def test_a_gentle_session_is_open_to_a_teenager(self):
        self.login(self.tess)
        response = self.client.get("/guide/scripts/safe-place/")
        self.assertContains(response, "Begin the session")
