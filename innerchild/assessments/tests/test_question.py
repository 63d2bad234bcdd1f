from __future__ import annotations

from innerchild.assessments.models import Answer, Attempt
from innerchild.core.testing import InnerchildTestCase


class QuestionPageTests(InnerchildTestCase):
    def start(self, user, instrument_id: str, data=None) -> Attempt:
        self.login(user)
        self.client.post(f"/assessments/{instrument_id}/", data or {})
        return Attempt.objects.filter(owner=user).latest("started_at")

    def url(self, attempt: Attempt, number: int) -> str:
        return f"/assessments/attempt/{attempt.id}/item/{number}/"

    def answer_all(self, attempt: Attempt, answers: list[int]):
        response = None
        for number, value in enumerate(answers, start=1):
            response = self.client.post(self.url(attempt, number), {"value": value})
        return response

    def test_it_shows_one_item_as_a_fieldset_with_progress(self):
        attempt = self.start(self.alice, "gad7")
        response = self.client.get(self.url(attempt, 2))
        self.assertContains(response, "Question 2 of 7")
        self.assertContains(response, '<progress max="7" value="2"')
        self.assertContains(
            response, "<legend>Not being able to stop or control worrying</legend>", html=False
        )
        self.assertContains(response, "More than half the days")
        self.assertContains(response, "Save and stop for now")

    def test_the_self_harm_question_offers_crisis_lines_straight_away(self):
        attempt = self.start(self.alice, "phq9")
        self.assertContains(
            self.client.get(self.url(attempt, 9)), 'href="/safety/crisis/"', count=2
        )
        self.assertContains(
            self.client.get(self.url(attempt, 1)), 'href="/safety/crisis/"', count=1
        )

    def test_answering_saves_the_answer_and_moves_on(self):
        attempt = self.start(self.alice, "gad7")
        response = self.client.post(self.url(attempt, 1), {"value": "2"})
        self.assertRedirects(response, self.url(attempt, 2), fetch_redirect_response=False)
        self.assertEqual(Answer.objects.get(attempt=attempt, item="1").value, 2)

    def test_going_back_shows_the_answer_already_chosen(self):
        attempt = self.start(self.alice, "gad7")
        self.client.post(self.url(attempt, 1), {"value": "2"})
        response = self.client.get(self.url(attempt, 2))
        self.assertContains(response, f'href="{self.url(attempt, 1)}"')
        response = self.client.get(self.url(attempt, 1))
        self.assertContains(response, 'value="2" id="id_value_2" required checked', html=False)

    def test_save_and_stop_keeps_the_answers_and_resume_returns_to_the_next_question(self):
        attempt = self.start(self.alice, "gad7")
        self.client.post(self.url(attempt, 1), {"value": "1"})
        response = self.client.post(self.url(attempt, 2), {"value": "3", "stop": "1"}, follow=True)
        self.assertContains(response, "Your answers are saved")
        self.assertEqual(Answer.objects.filter(attempt=attempt).count(), 2)
        response = self.client.get(f"/assessments/attempt/{attempt.id}/")
        self.assertRedirects(response, self.url(attempt, 3), fetch_redirect_response=False)

    def test_stopping_without_choosing_is_fine(self):
        attempt = self.start(self.alice, "gad7")
        response = self.client.post(self.url(attempt, 1), {"stop": "1"})
        self.assertRedirects(response, "/assessments/")
        self.assertFalse(Answer.objects.exists())

    def test_an_unfinished_attempt_is_never_scored(self):
        attempt = self.start(self.alice, "phq9")
        self.answer_all(attempt, [3] * 8)
        attempt.refresh_from_db()
        self.assertIsNone(attempt.completed_at)
        self.assertIsNone(attempt.total)
        result = self.client.get(f"/assessments/attempt/{attempt.id}/result/")
        self.assertRedirects(
            result, f"/assessments/attempt/{attempt.id}/", fetch_redirect_response=False
        )

    def test_answering_the_last_item_scores_the_attempt(self):
        attempt = self.start(self.alice, "gad7")
        response = self.answer_all(attempt, [2] * 7)
        self.assertRedirects(
            response, f"/assessments/attempt/{attempt.id}/result/", fetch_redirect_response=False
        )
        attempt.refresh_from_db()
        self.assertEqual((attempt.display_total, attempt.band), (14, "moderate"))

    def test_no_answer_is_rejected_with_a_message(self):
        attempt = self.start(self.alice, "gad7")
        response = self.client.post(self.url(attempt, 1), {})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Please choose an answer", status_code=422)
        self.assertFalse(Answer.objects.exists())

    def test_a_value_outside_the_options_is_rejected_and_the_earlier_choice_kept(self):
        attempt = self.start(self.alice, "gad7")
        self.client.post(self.url(attempt, 1), {"value": "1"})
        response = self.client.post(self.url(attempt, 1), {"value": "9"})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Select a valid choice", status_code=422)
        self.assertEqual(Answer.objects.get(attempt=attempt, item="1").value, 1)

    def test_phq9_with_item_nine_positive_starts_the_safety_flow_then_the_asq(self):
        attempt = self.start(self.alice, "phq9")
        response = self.answer_all(attempt, [0] * 8 + [1])
        self.assertRedirects(
            response, "/safety/crisis/?next=%2Fassessments%2Fasq%2F", fetch_redirect_response=False
        )
        attempt.refresh_from_db()
        self.assertEqual(attempt.flags, ["self_harm_item"])

    def test_the_asq_asks_the_fifth_question_only_after_a_yes(self):
        attempt = self.start(self.alice, "asq")
        response = self.answer_all(attempt, [0, 0, 0, 0])
        self.assertRedirects(
            response, f"/assessments/attempt/{attempt.id}/result/", fetch_redirect_response=False
        )
        attempt.refresh_from_db()
        self.assertEqual(attempt.band, "negative")
        self.assertEqual(self.client.get(self.url(attempt, 5)).status_code, 302)

    def test_a_positive_asq_goes_to_the_crisis_screen(self):
        attempt = self.start(self.alice, "asq")
        response = self.answer_all(attempt, [0, 1, 0, 0])
        self.assertRedirects(response, self.url(attempt, 5), fetch_redirect_response=False)
        self.assertContains(self.client.get(self.url(attempt, 5)), "One more question")
        response = self.client.post(self.url(attempt, 5), {"value": "0"})
        result = f"/assessments/attempt/{attempt.id}/result/"
        self.assertRedirects(
            response,
            f"/safety/crisis/?next={result.replace('/', '%2F')}",
            fetch_redirect_response=False,
        )
        attempt.refresh_from_db()
        self.assertEqual(attempt.band, "non_acute_positive")

    def test_changing_an_earlier_answer_drops_the_fifth_asq_question(self):
        attempt = self.start(self.alice, "asq")
        self.answer_all(attempt, [1, 0, 0, 0])
        self.client.get(self.url(attempt, 5))
        self.client.post(self.url(attempt, 1), {"value": "0"})
        response = self.client.get(self.url(attempt, 4))
        self.assertContains(response, "Question 4 of 4")
        response = self.client.post(self.url(attempt, 4), {"value": "0"})
        self.assertRedirects(
            response, f"/assessments/attempt/{attempt.id}/result/", fetch_redirect_response=False
        )
        attempt.refresh_from_db()
        self.assertEqual(attempt.band, "negative")
        self.assertFalse(Answer.objects.filter(attempt=attempt, item="5").exists())

    def test_it_requires_login(self):
        attempt = self.start(self.alice, "gad7")
        self.client.logout()
        response = self.client.get(self.url(attempt, 1))
        self.assertIn("/accounts/login/", response["Location"])

    def test_other_people_get_not_found(self):
        attempt = self.start(self.alice, "gad7")
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url(attempt, 1)).status_code, 404)
        self.assertEqual(self.client.post(self.url(attempt, 1), {"value": "1"}).status_code, 404)
        self.assertEqual(self.client.get(f"/assessments/attempt/{attempt.id}/").status_code, 404)
        self.assertFalse(Answer.objects.exists())

    def test_a_question_number_out_of_range_is_not_found(self):
        attempt = self.start(self.alice, "gad7")
        self.assertEqual(self.client.get(self.url(attempt, 8)).status_code, 404)

    def test_it_refuses_other_methods(self):
        attempt = self.start(self.alice, "gad7")
        self.assertEqual(self.client.delete(self.url(attempt, 1)).status_code, 405)
        self.assertEqual(self.client.post(f"/assessments/attempt/{attempt.id}/").status_code, 405)
