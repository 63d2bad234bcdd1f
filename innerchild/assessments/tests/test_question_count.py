"""The question count a person reads stays the same all the way through a questionnaire with a
question asked only after certain answers (the ASQ's fifth)."""

from __future__ import annotations

from innerchild.assessments.models import Attempt
from innerchild.core.testing import InnerchildTestCase


class QuestionCountTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)
        self.client.post("/assessments/asq/", {})
        self.attempt = Attempt.objects.filter(owner=self.alice).latest("started_at")

    def url(self, number: int) -> str:
        return f"/assessments/attempt/{self.attempt.id}/item/{number}/"

    def test_the_asq_counts_four_questions_and_says_a_fifth_may_follow(self):
        response = self.client.get(self.url(1))
        self.assertContains(response, "Question 1 of 4")
        self.assertContains(response, "One more question may follow, depending on your answers.")

    def test_the_count_does_not_change_after_a_yes(self):
        self.client.post(self.url(1), {"value": "1"})
        response = self.client.get(self.url(2))
        self.assertContains(response, "Question 2 of 4")
        self.assertNotContains(response, "of 5")
        self.assertContains(response, "After these, one more question.")

    def test_the_fourth_question_offers_next_when_a_fifth_follows(self):
        for number in (1, 2, 3):
            self.client.post(self.url(number), {"value": "1" if number == 1 else "0"})
        response = self.client.get(self.url(4))
        self.assertContains(response, "Question 4 of 4")
        self.assertNotContains(response, "See my result")

    def test_the_fifth_question_is_announced_as_one_more(self):
        for number in (1, 2, 3, 4):
            self.client.post(self.url(number), {"value": "1" if number == 1 else "0"})
        response = self.client.get(self.url(5))
        self.assertContains(response, '<h1 id="progress-label">One more question</h1>', html=True)
        self.assertContains(response, "See my result")

    def test_a_questionnaire_without_conditional_questions_counts_as_before(self):
        self.client.post("/assessments/gad7/", {})
        attempt = Attempt.objects.filter(owner=self.alice, instrument="gad7").latest("started_at")
        response = self.client.get(f"/assessments/attempt/{attempt.id}/item/7/")
        self.assertContains(response, "Question 7 of 7")
        self.assertContains(response, "See my result")
        self.assertNotContains(response, "may follow")
