from __future__ import annotations

from innerchild.assessments.tests.helpers import complete
from innerchild.core.testing import InnerchildTestCase


class DashboardPanelTests(InnerchildTestCase):
    def test_it_invites_a_first_self_check(self):
        self.login(self.alice)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "Take the self-check")
        self.assertContains(response, 'href="/assessments/signs/"')

    def test_it_names_the_strongest_signs_of_the_latest_self_check(self):
        complete(self.alice, "signs", [0, 0, 0, 0, 0, 0, 0, 4, 0, 2], days_ago=3)
        self.login(self.alice)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "Fear of abandonment or rejection")
        self.assertContains(response, "Difficulty coping with stress or emotional challenges")

    def test_it_reminds_me_when_two_weeks_have_passed(self):
        complete(self.alice, "phq9", [0] * 9, days_ago=15)
        complete(self.alice, "gad7", [0] * 7, days_ago=13)
        complete(self.alice, "rses", [1] * 10, days_ago=100)
        self.login(self.alice)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "Time to take these again")
        self.assertContains(response, 'href="/assessments/phq9/"')
        self.assertNotContains(response, 'href="/assessments/gad7/"')
        self.assertNotContains(response, 'href="/assessments/rses/"')

    def test_a_newer_attempt_clears_the_reminder(self):
        complete(self.alice, "who5", [3] * 5, days_ago=30)
        complete(self.alice, "who5", [3] * 5, days_ago=1)
        self.login(self.alice)
        self.assertNotContains(self.client.get("/dashboard/"), "Time to take these again")
