"""A deep session asks the safety gate again at every step, not only when it starts."""

from __future__ import annotations

from unittest import mock

from innerchild.core.testing import InnerchildTestCase
from innerchild.guide.models import RunStatus, StepAnswer
from innerchild.guide.scripts import get_script
from innerchild.guide.tests.helpers import start_run, walk
from innerchild.safety import api as safety_api

DEEP = "regression-to-a-memory"
MEMORY_STEP = 4  # the prompt "Which memory would you like to return to?"
OPEN = safety_api.Gate(allowed=True)
EXPIRED = safety_api.Gate(
    allowed=False,
    reason="Your readiness answers are from yesterday.",
    readiness_needed=True,
    code="readiness_needed",
)
CRISIS = safety_api.Gate(allowed=False, reason="Deep work waits a day.", code="crisis")


def gate(value):
    return mock.patch.object(safety_api, "deep_exercise_gate", return_value=value)


class GateClosingDuringADeepSessionTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)
        with gate(OPEN):
            self.run_ = start_run(self.client, DEEP)
            walk(self.client, self.run_, until=MEMORY_STEP + 1)
        self.here = self.run_.step_url(MEMORY_STEP)
        self.question = get_script(DEEP).step(MEMORY_STEP).get("question")

    def test_the_step_is_shown_while_the_gate_stays_open(self):
        with gate(OPEN):
            response = self.client.get(self.here)
        self.assertContains(response, self.question)

    def test_the_next_step_is_not_shown_once_readiness_has_expired(self):
        with gate(EXPIRED):
            response = self.client.get(self.here)
        self.assertContains(response, "This session stops here for now")
        self.assertNotContains(response, self.question)
        self.assertContains(response, "Your readiness answers are from yesterday.")
        self.assertContains(response, safety_api.crisis_url())
        pause = safety_api.pause_url(return_to=self.run_.get_absolute_url())
        self.assertContains(response, pause)
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.status, RunStatus.STOPPED)
        self.assertEqual(self.run_.current_step, MEMORY_STEP)

    def test_an_answer_posted_after_a_crisis_does_not_move_the_session_on(self):
        with (
            gate(CRISIS),
            mock.patch.object(safety_api, "record_distress") as record,
            mock.patch.object(
                safety_api, "screen_saved_text", return_value=safety_api.ScreeningOutcome()
            ),
        ):
            response = self.client.post(self.here, {"answer_text": "The day at the station."})
        self.assertContains(response, "Deep work waits a day.", status_code=409)
        self.assertNotContains(response, self.question, status_code=409)
        record.assert_not_called()
        self.run_.refresh_from_db()
        self.assertEqual(
            (self.run_.status, self.run_.current_step), (RunStatus.STOPPED, MEMORY_STEP)
        )
        # What they had just typed is kept, as everywhere else.
        kept = StepAnswer.objects.get(run=self.run_, step_index=MEMORY_STEP)
        self.assertEqual(kept.text, "The day at the station.")

    def test_once_stopped_the_steps_lead_to_the_session_summary(self):
        with gate(EXPIRED):
            self.client.get(self.here)
        with gate(OPEN):
            response = self.client.get(self.here)
        self.assertRedirects(response, self.run_.get_absolute_url())
        page = self.client.get(self.run_.get_absolute_url())
        self.assertContains(page, f"You stopped at step {MEMORY_STEP + 1}")

    def test_a_teenager_whose_unlock_is_withdrawn_is_stopped_too(self):
        adolescent = safety_api.Gate(allowed=False, reason="Not in teen mode.", code="adolescent")
        with gate(adolescent):
            response = self.client.post(self.here, {"answer_text": ""})
        self.assertContains(response, "Not in teen mode.", status_code=409)
        self.assertFalse(StepAnswer.objects.filter(run=self.run_, step_index=MEMORY_STEP).exists())

    def test_a_gentle_session_does_not_ask_the_gate(self):
        with gate(EXPIRED) as asked:
            run = start_run(self.client, "safe-place")
            response = self.client.get(run.step_url(0))
        self.assertEqual(response.status_code, 200)
        asked.assert_not_called()
