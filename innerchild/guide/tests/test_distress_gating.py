"""Distress gating that holds: after grounding, a rating still at or above the threshold does
not lead deeper; the person chooses to stay with grounding, close gently, or stop for now."""

from __future__ import annotations

from unittest import mock

from django.test import override_settings

from innerchild.core.testing import InnerchildTestCase
from innerchild.guide.models import Hold, RunStatus, StepAnswer
from innerchild.guide.tests.helpers import start_run, walk
from innerchild.journal import api as journal_api
from innerchild.safety import api as safety_api

DEEP = "regression-to-a-memory"
DURING = 6  # the check-in after going back to the memory
DEEPER = 7  # "Stepping in": the deeper visualization that follows it
REPARENT = 8


class DistressGatingTests(InnerchildTestCase):
    def setUp(self):
        patcher = mock.patch.object(
            safety_api, "deep_exercise_gate", return_value=safety_api.Gate(allowed=True)
        )
        patcher.start()
        self.addCleanup(patcher.stop)
        self.login(self.alice)
        self.run_ = start_run(self.client, DEEP)
        walk(self.client, self.run_, until=DURING + 1)
        self.here = self.run_.step_url(DURING)

    def rate(self, rating: int):
        return self.client.post(self.here, {"distress": str(rating)})

    def choose(self, choice: str):
        return self.client.post(f"{self.here}after-grounding/", {"choice": choice})

    def still_high(self):
        self.rate(9)
        return self.rate(9)

    def events(self) -> list[str]:
        self.run_.refresh_from_db()
        return [event["event"] for event in self.run_.distress_events]

    def test_a_high_rating_goes_to_the_pause_page_saying_why(self):
        response = self.rate(9)
        pause = safety_api.pause_url(return_to=self.here, reason="distress")
        self.assertRedirects(response, pause, fetch_redirect_response=False)
        page = self.client.get(pause)
        self.assertContains(page, "You were brought here because the distress you rated was high")
        self.assertContains(page, f'href="{self.here}"')

    def test_back_from_grounding_the_check_in_asks_how_strong_it_is_now(self):
        self.rate(9)
        page = self.client.get(self.here)
        self.assertContains(page, "How strong is it now?")
        self.assertContains(page, "Welcome back")
        self.assertNotContains(page, "carry on as you are")

    def test_a_nine_after_grounding_does_not_continue(self):
        response = self.still_high()
        self.assertRedirects(response, self.here)
        self.run_.refresh_from_db()
        self.assertEqual((self.run_.current_step, self.run_.hold), (DURING, Hold.CHOOSING))
        page = self.client.get(self.here)
        self.assertContains(page, "It is still strong right now")
        self.assertContains(page, "You rated your distress 9 out of 10 after your break.")
        for choice in ("Stay with grounding", "Close the session gently", "Stop for now"):
            self.assertContains(page, choice)
        self.assertEqual(self.events(), ["grounding", "still_high"])
        self.assertEqual([e["rating"] for e in self.run_.distress_events], [9, 9])

    @override_settings(DISTRESS_PAUSE_AT=7)
    def test_an_eight_does_not_continue_when_the_threshold_is_seven(self):
        self.rate(8)
        response = self.rate(8)
        self.assertRedirects(response, self.here)
        self.run_.refresh_from_db()
        self.assertEqual((self.run_.current_step, self.run_.hold), (DURING, Hold.CHOOSING))
        self.assertContains(self.client.get(self.here), "While it is 7 or more")

    def test_an_eight_continues_when_the_threshold_is_nine(self):
        with override_settings(DISTRESS_PAUSE_AT=9):
            self.rate(9)
            response = self.rate(8)
        self.assertRedirects(response, self.run_.step_url(DEEPER))

    def test_a_four_after_grounding_continues(self):
        self.rate(9)
        response = self.rate(4)
        self.assertRedirects(response, self.run_.step_url(DEEPER))
        self.run_.refresh_from_db()
        self.assertEqual((self.run_.current_step, self.run_.hold), (DEEPER, Hold.NONE))
        self.assertEqual(self.events(), ["grounding", "eased"])

    def test_the_deeper_step_cannot_be_reached_while_waiting_for_a_new_rating(self):
        self.rate(9)
        self.assertEqual(self.client.get(self.run_.step_url(DEEPER)).status_code, 404)
        self.assertEqual(self.client.post(self.run_.step_url(DEEPER)).status_code, 404)
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.current_step, DURING)

    def test_a_crafted_post_to_a_deeper_step_already_reached_is_refused(self):
        # Alice had gone further, came back to the check-in and rated high there.
        walk(self.client, self.run_, until=REPARENT + 1, distress=3)
        for number in (REPARENT + 1, DEEPER + 1):
            self.client.post(f"/guide/runs/{self.run_.id}/{number}/back/")
        self.still_high()
        deeper = self.client.post(self.run_.step_url(DEEPER))
        self.assertRedirects(deeper, self.here)
        words = self.client.post(
            self.run_.step_url(REPARENT), {"chosen": ["0"], "own_words": "I am here now."}
        )
        self.assertRedirects(words, self.here)
        self.assertEqual(self.client.get(self.run_.step_url(REPARENT)).url, self.here)
        self.run_.refresh_from_db()
        self.assertEqual((self.run_.current_step, self.run_.hold), (DURING, Hold.CHOOSING))
        self.assertFalse(StepAnswer.objects.filter(run=self.run_, step_index=REPARENT).exists())

    def test_a_new_rating_sent_while_choosing_is_not_taken(self):
        self.still_high()
        with mock.patch.object(safety_api, "record_distress") as record:
            response = self.rate(2)
        record.assert_not_called()
        self.assertRedirects(response, self.here)
        self.run_.refresh_from_db()
        self.assertEqual((self.run_.current_step, self.run_.hold), (DURING, Hold.CHOOSING))

    def test_staying_with_grounding_goes_back_to_pause_and_asks_again(self):
        self.still_high()
        response = self.choose("grounding")
        pause = safety_api.pause_url(return_to=self.here, reason="distress")
        self.assertRedirects(response, pause, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.here), "How strong is it now?")
        self.assertRedirects(self.rate(3), self.run_.step_url(DEEPER))
        self.assertEqual(self.events(), ["grounding", "still_high", "stay_with_grounding", "eased"])

    def test_staying_with_grounding_and_still_high_offers_the_choices_again(self):
        self.still_high()
        self.choose("grounding")
        self.assertRedirects(self.rate(9), self.here)
        self.assertContains(self.client.get(self.here), "It is still strong right now")

    def test_closing_gently_shows_a_short_closing_step_then_the_finished_page(self):
        self.still_high()
        response = self.choose("close")
        close = f"/guide/runs/{self.run_.id}/close/"
        self.assertRedirects(response, close)
        page = self.client.get(close)
        self.assertContains(page, "Closing gently")
        self.assertContains(page, "Feel your feet on the floor")
        # Nothing else of the session is shown while it closes.
        self.assertRedirects(self.client.get(self.here), close, target_status_code=200)
        finished = self.client.post(close, follow=True)
        self.assertContains(finished, "You closed the session gently.")
        self.assertContains(finished, "9/10, 9/10")
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.status, RunStatus.STOPPED)
        self.assertTrue(self.run_.closed_early)
        self.assertIsNotNone(self.run_.ended_at)
        self.assertEqual(self.run_.hold, Hold.NONE)
        self.assertEqual(self.events(), ["grounding", "still_high", "close_gently", "closed"])
        history = self.client.get("/guide/history/")
        self.assertContains(history, f"Closed gently at step {DURING + 1}")

    def test_closing_gently_is_recorded_in_the_journal_with_the_ratings(self):
        self.still_high()
        self.choose("close")
        with mock.patch.object(journal_api, "create_entry_from") as create:
            self.client.post(f"/guide/runs/{self.run_.id}/close/")
        body = create.call_args.kwargs["body"]
        self.assertIn("Closed gently at step 7 of 14; distress then: 9/10, 9/10.", body)

    def test_stopping_for_now_shows_the_stopped_for_now_page(self):
        self.still_high()
        response = self.choose("stop")
        self.assertContains(response, "This session stops here for now")
        self.assertContains(response, "You chose to stop for now")
        self.run_.refresh_from_db()
        self.assertEqual((self.run_.status, self.run_.current_step), (RunStatus.STOPPED, DURING))
        self.assertFalse(self.run_.closed_early)
        self.assertEqual(self.events(), ["grounding", "still_high", "stop"])
        self.assertRedirects(self.client.get(self.here), self.run_.get_absolute_url())

    def test_a_choice_sent_twice_counts_once(self):
        self.still_high()
        self.choose("close")
        self.choose("close")
        self.assertEqual(self.events(), ["grounding", "still_high", "close_gently"])

    def test_a_missing_choice_is_explained(self):
        self.still_high()
        response = self.choose("deeper")
        self.assertContains(
            response, "Please choose one of the three ways to go on.", status_code=422
        )
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.hold, Hold.CHOOSING)

    def test_a_choice_is_refused_when_none_is_being_asked_for(self):
        response = self.choose("close")
        self.assertRedirects(response, self.here)
        self.run_.refresh_from_db()
        self.assertEqual((self.run_.hold, self.run_.status), (Hold.NONE, RunStatus.IN_PROGRESS))

    def test_the_closing_page_is_only_for_a_run_that_is_closing(self):
        response = self.client.get(f"/guide/runs/{self.run_.id}/close/")
        self.assertRedirects(response, self.here)
        self.client.post(f"/guide/runs/{self.run_.id}/close/")
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.status, RunStatus.IN_PROGRESS)

    def test_bob_cannot_choose_or_close_for_alice(self):
        self.still_high()
        self.login(self.bob)
        self.assertEqual(self.choose("stop").status_code, 404)
        self.assertEqual(self.client.post(f"/guide/runs/{self.run_.id}/close/").status_code, 404)
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.hold, Hold.CHOOSING)

    def test_the_gate_is_in_the_persons_export(self):
        from innerchild.guide.hooks import export_section

        self.still_high()
        section = export_section(self.alice)
        [session] = section.data["sessions"]
        events = [event["event"] for event in session["distress_events"]]
        self.assertEqual(events, ["grounding", "still_high"])
