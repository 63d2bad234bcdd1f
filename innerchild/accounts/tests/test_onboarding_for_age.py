"""Onboarding speaks to a person at their age, and the first dashboard after it says Welcome."""

from __future__ import annotations

from innerchild.core.testing import InnerchildTestCase, make_person

ANSWERS = {
    "understands_self_help": "on",
    "understands_pause": "on",
    "accepts_terms": "on",
    "path": "self_guided",
}


class OnboardingForAgeTests(InnerchildTestCase):
    def test_a_sixteen_year_old_reads_words_written_for_them(self):
        self.login(make_person("teen@example.org", "Teo", age=16, onboarded=False))
        response = self.client.get("/accounts/onboarding/")
        self.assertContains(response, "Lots of people carry hurts from when they were younger")
        self.assertContains(response, "Because you are under 18")
        self.assertNotContains(response, "Many adults")

    def test_a_seventeen_year_old_too(self):
        self.login(make_person("teen17@example.org", "Tia", age=17, onboarded=False))
        self.assertNotContains(self.client.get("/accounts/onboarding/"), "Many adults")

    def test_an_adult_reads_the_adult_text(self):
        self.login(make_person("adult@example.org", "Ada", age=18, onboarded=False))
        response = self.client.get("/accounts/onboarding/")
        self.assertContains(response, "Many adults still carry wounds from childhood")
        self.assertNotContains(response, "Because you are under 18")


class FirstDashboardTests(InnerchildTestCase):
    def test_the_first_dashboard_says_welcome_and_the_next_welcome_back(self):
        self.login(make_person("new@example.org", "Nell", onboarded=False))
        self.client.post("/accounts/onboarding/", ANSWERS)
        self.assertContains(self.client.get("/dashboard/"), "<h1>Welcome, Nell</h1>", html=True)
        self.assertContains(
            self.client.get("/dashboard/"), "<h1>Welcome back, Nell</h1>", html=True
        )

    def test_someone_who_onboarded_earlier_is_welcomed_back(self):
        self.login(self.alice)
        self.assertContains(
            self.client.get("/dashboard/"), "<h1>Welcome back, Alice</h1>", html=True
        )
