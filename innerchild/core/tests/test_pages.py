from django.test import override_settings

from innerchild.core import registry
from innerchild.core.testing import InnerchildTestCase


class DashboardTests(InnerchildTestCase):
    def test_it_greets_me_and_shows_every_panel_that_has_something_to_say(self):
        self.login(self.alice)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "Welcome back, Alice")
        self.assertContains(response, "Your path")

    def test_it_mentions_teen_mode_to_adolescents(self):
        self.login(self.tess)
        self.assertContains(self.client.get("/dashboard/"), "teen mode")

    def test_it_requires_login(self):
        response = self.client.get("/dashboard/")
        self.assertRedirects(
            response, "/accounts/login/?next=/dashboard/", fetch_redirect_response=False
        )

    def test_it_rejects_other_methods(self):
        self.login(self.alice)
        self.assertEqual(self.client.post("/dashboard/").status_code, 405)

    def test_a_panel_can_hide_itself(self):
        panel = registry.DashboardPanel(
            key="hidden-test", template="missing.html", context=lambda request: None
        )
        registry.register_dashboard_panel(panel)
        try:
            self.login(self.alice)
            self.assertEqual(self.client.get("/dashboard/").status_code, 200)
        finally:
            registry.dashboard_panels.remove(panel)


class HomeTests(InnerchildTestCase):
    def test_it_welcomes_visitors(self):
        response = self.client.get("/")
        self.assertContains(response, "Create an account")

    def test_it_sends_logged_in_people_to_their_dashboard(self):
        self.login(self.alice)
        self.assertRedirects(self.client.get("/"), "/dashboard/", fetch_redirect_response=False)

    def test_every_page_has_a_pause_link(self):
        for url in ["/", "/about/", "/accounts/login/", "/accounts/signup/"]:
            self.assertContains(self.client.get(url), 'class="pause-link" href="/safety/pause/')


class ErrorPageTests(InnerchildTestCase):
    def test_an_unknown_address_gets_a_friendly_404(self):
        response = self.client.get("/no-such-page/")
        self.assertContains(response, "We could not find that page", status_code=404)

    @override_settings(DEBUG=False)
    def test_a_crash_gets_a_friendly_500_without_a_traceback(self):
        from django.urls import path

        from innerchild import urls

        def broken(request):
            raise RuntimeError("secret internals")

        urls.urlpatterns.append(path("broken-for-test/", broken))
        try:
            self.client.raise_request_exception = False
            response = self.client.get("/broken-for-test/")
        finally:
            urls.urlpatterns.pop()
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Something went wrong on our side", status_code=500)
        # No template language at all, so it cannot fail in turn: both languages, always.
        self.assertContains(response, "Algo ha fallado por nuestra parte", status_code=500)
        self.assertNotContains(response, "secret internals", status_code=500)
        self.assertNotContains(response, "Traceback", status_code=500)


class SecurityHeaderTests(InnerchildTestCase):
    def test_pages_carry_a_strict_content_security_policy(self):
        policy = self.client.get("/").headers["Content-Security-Policy"]
        self.assertIn("default-src 'self'", policy)
        self.assertIn("script-src 'self'", policy)
        self.assertIn("style-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)
        self.assertIn("frame-ancestors 'none'", policy)

    def test_pages_refuse_framing_and_sniffing(self):
        response = self.client.get("/")
        self.assertEqual(response.headers["X-Frame-Options"], "DENY")
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")

    def test_session_cookies_are_http_only(self):
        from innerchild.core.testing import PASSWORD

        self.client.post(
            "/accounts/login/", {"username": "alice@example.org", "password": PASSWORD}
        )
        self.assertTrue(self.client.cookies["sessionid"]["httponly"])


class DashboardQueryTests(InnerchildTestCase):
    def count_dashboard_queries(self, *, fresh: bool) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from innerchild.core.dashboard import bump

        if fresh:
            bump(self.alice.pk)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get("/dashboard/").status_code, 200)
        return len(queries)

    def add_history(self, count: int) -> None:
        from innerchild.assessments.tests.helpers import complete
        from innerchild.journal import api as journal

        for number in range(count):
            journal.create_entry_from(
                self.alice,
                kind="entry",
                title=f"Day {number}",
                body="A calm day.",
                source=f"t{number}",
            )
            complete(self.alice, "phq9", [1] * 9)

    def setUp(self):
        for build in registry.demo_data_builders:
            build(member=self.alice, facilitator=self.fay)
        self.login(self.alice)
        self.client.get("/dashboard/")  # today's prompt is chosen and stored on the first visit

    def test_the_dashboard_costs_the_same_number_of_queries_with_more_history(self):
        before = self.count_dashboard_queries(fresh=True)
        self.add_history(15)
        self.assertEqual(self.count_dashboard_queries(fresh=True), before)
        # Each app's panel costs a fixed few queries; working with a facilitator adds three
        # (who, what to do, summaries). Rendered panels are cached, so this is the rare path.
        self.assertLessEqual(before, 16)

    def test_a_second_visit_reuses_the_rendered_panels(self):
        full = self.count_dashboard_queries(fresh=True)
        self.assertLess(self.count_dashboard_queries(fresh=False), full)

    def test_the_dashboard_shows_a_change_at_once(self):
        self.assertNotContains(self.client.get("/dashboard/"), "Brave little one")
        self.client.post("/journal/affirmations/", {"text": "Brave little one"})
        from innerchild.journal.models import Affirmation

        newest = Affirmation.objects.filter(owner=self.alice).latest("pk")
        Affirmation.objects.filter(owner=self.alice).exclude(pk=newest.pk).delete()
        self.assertContains(self.client.get("/dashboard/"), "Brave little one")

    def test_the_cached_panels_hold_no_plaintext(self):
        from types import SimpleNamespace

        from django.core.cache import cache

        from innerchild.core import crypto
        from innerchild.core.dashboard import _panels_key, _version_key
        from innerchild.journal.models import Affirmation

        Affirmation.objects.filter(owner=self.alice).delete()
        self.client.post("/journal/affirmations/", {"text": "Brave little one"})
        self.assertContains(self.client.get("/dashboard/"), "Brave little one")
        request = SimpleNamespace(
            user=self.alice, session=SimpleNamespace(session_key=self.client.session.session_key)
        )
        token = cache.get(_panels_key(request, cache.get(_version_key(self.alice.pk), 0)))
        self.assertIsNotNone(token)
        self.assertNotIn("Brave little one", token)
        self.assertIn("Brave little one", crypto.decrypt_text(token))


class PauseLinkTests(InnerchildTestCase):
    def test_the_pause_link_never_carries_a_query_string(self):
        self.login(self.alice)
        response = self.client.get("/dashboard/?q=something-private")
        self.assertContains(response, 'href="/safety/pause/?from=/dashboard/"')
        self.assertNotContains(response, "something-private")
