"""The player: one step at a time, answers kept and encrypted, no skipping ahead, no peeking."""

from __future__ import annotations

from unittest import mock

from django.http import HttpResponseRedirect

from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.guide.models import RunStatus, SessionRun, StepAnswer
from innerchild.guide.scripts import get_script
from innerchild.guide.tests.helpers import answer_for, start_run, walk
from innerchild.journal import api as journal_api
from innerchild.safety import api as safety_api

MEETING = "meeting-your-younger-self"


class StartingASessionTests(InnerchildTestCase):
    def test_it_starts_at_the_first_check_in(self):
        self.login(self.alice)
        response = self.client.post(f"/guide/scripts/{MEETING}/start/")
        run = SessionRun.objects.get(owner=self.alice)
        self.assertRedirects(response, run.step_url(0))
        page = self.client.get(run.step_url(0))
        self.assertContains(page, "Before we begin: how are you?")
        self.assertContains(page, "Step 1 of 12")

    def test_it_requires_login(self):
        response = self.client.post(f"/guide/scripts/{MEETING}/start/")
        self.assertRedirects(
            response,
            f"/accounts/login/?next=/guide/scripts/{MEETING}/start/",
            fetch_redirect_response=False,
        )

    def test_starting_needs_a_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/guide/scripts/{MEETING}/start/").status_code, 405)

    def test_an_unknown_script_is_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.post("/guide/scripts/nope/start/").status_code, 404)
        self.assertEqual(self.client.get("/guide/scripts/nope/").status_code, 404)


class StepTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)
        self.run_ = start_run(self.client, MEETING)

    def test_a_check_in_without_a_rating_is_refused_and_explained(self):
        response = self.client.post(self.run_.step_url(0), {"distress": ""})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Please choose a number from 0 to 10.", status_code=422)

    def test_the_first_rating_is_the_distress_before(self):
        self.client.post(self.run_.step_url(0), {"distress": "4"})
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.distress_before, 4)
        self.assertEqual(self.run_.current_step, 1)

    def test_feelings_come_from_the_journal_vocabulary(self):
        family = journal_api.feeling_families()[0]
        feeling = family["feelings"][0]
        page = self.client.get(self.run_.step_url(0))
        self.assertContains(page, feeling["label"])
        self.client.post(self.run_.step_url(0), {"distress": "4", "feelings": [feeling["id"]]})
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.feelings_before, [feeling["id"]])

    def test_a_feeling_outside_the_vocabulary_is_refused(self):
        response = self.client.post(self.run_.step_url(0), {"distress": "4", "feelings": ["x"]})
        self.assertEqual(response.status_code, 422)

    def test_an_answer_over_the_limit_is_refused_naming_the_limit_and_kept(self):
        walk(self.client, self.run_, until=2)
        too_long = "a" * 1001
        response = self.client.post(self.run_.step_url(1), {"hope": too_long, "concern": ""})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "under 1000 characters", status_code=422)
        self.assertContains(response, too_long, status_code=422)
        self.assertFalse(StepAnswer.objects.filter(run=self.run_, step_index=1).exists())

    def test_a_long_free_text_answer_is_limited_to_5000_characters(self):
        walk(self.client, self.run_, until=7)
        response = self.client.post(self.run_.step_url(6), {"answer_text": "b" * 5001})
        self.assertContains(response, "under 5000 characters", status_code=422)

    def test_a_step_not_reached_yet_is_404(self):
        self.assertEqual(self.client.get(self.run_.step_url(1)).status_code, 404)
        self.assertEqual(self.client.post(self.run_.step_url(5), {}).status_code, 404)
        self.assertEqual(self.client.get(self.run_.step_url(99)).status_code, 404)
        self.assertEqual(self.client.get(f"/guide/runs/{self.run_.id}/0/").status_code, 404)

    def test_someone_elses_session_is_404(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.run_.step_url(0)).status_code, 404)
        self.assertEqual(self.client.post(self.run_.step_url(0), {"distress": 1}).status_code, 404)
        self.assertEqual(self.client.get(self.run_.get_absolute_url()).status_code, 404)
        stop = f"/guide/runs/{self.run_.id}/1/stop/"
        self.assertEqual(self.client.post(stop).status_code, 404)

    def test_steps_need_login(self):
        self.client.logout()
        response = self.client.get(self.run_.step_url(0))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))

    def test_other_methods_are_refused(self):
        self.assertEqual(self.client.delete(self.run_.step_url(0)).status_code, 405)
        back = f"/guide/runs/{self.run_.id}/1/back/"
        self.assertEqual(self.client.get(back).status_code, 405)

    def test_answers_are_encrypted_at_rest(self):
        walk(self.client, self.run_, until=3)
        stored = StepAnswer.objects.get(run=self.run_, step_index=1)
        self.assertEqual(stored.text, "To feel a little closer to her.")
        raw = raw_column_values("guide_stepanswer", "text")
        self.assertTrue(raw)
        self.assertFalse(any("closer to her" in (value or "") for value in raw))

    def test_what_is_typed_at_a_step_is_hidden_from_error_reports(self):
        walk(self.client, self.run_, until=2)
        response = self.client.post(self.run_.step_url(1), {"hope": "Words.", "concern": ""})
        self.assertEqual(response.wsgi_request.sensitive_post_parameters, "__ALL__")

    def test_a_reload_resumes_where_the_person_was(self):
        walk(self.client, self.run_, until=4)
        response = self.client.get(self.run_.get_absolute_url())
        self.assertRedirects(response, self.run_.step_url(3))

    def test_going_back_shows_the_earlier_answer(self):
        walk(self.client, self.run_, until=3)
        response = self.client.post(f"/guide/runs/{self.run_.id}/3/back/")
        self.assertRedirects(response, self.run_.step_url(1))
        page = self.client.get(self.run_.step_url(1))
        self.assertContains(page, "To feel a little closer to her.")
        # The step reached stays reachable after going back.
        self.assertEqual(self.client.get(self.run_.step_url(2)).status_code, 200)

    def test_stopping_keeps_what_was_written_and_where(self):
        walk(self.client, self.run_, until=3)
        response = self.client.post(f"/guide/runs/{self.run_.id}/3/stop/")
        self.assertRedirects(response, self.run_.get_absolute_url())
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.status, RunStatus.STOPPED)
        self.assertEqual(self.run_.current_step, 2)
        page = self.client.get(self.run_.get_absolute_url())
        self.assertContains(page, "You stopped at step 3 of 12")
        self.assertContains(page, "To feel a little closer to her.")

    def test_the_pause_button_returns_to_this_step(self):
        page = self.client.get(self.run_.step_url(0))
        self.assertContains(page, safety_api.pause_url(return_to=self.run_.step_url(0)))

    def test_visualizations_show_every_line_without_javascript(self):
        walk(self.client, self.run_, until=5)
        page = self.client.get(self.run_.step_url(4))
        for line in get_script(MEETING).step(4).lines:
            self.assertContains(page, line.say)


class DistressDuringASessionTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)
        self.run_ = start_run(self.client, MEETING)
        walk(self.client, self.run_, until=6)  # step 6 is the check-in during the session

    def test_a_high_rating_pauses_into_grounding_and_comes_back_to_the_same_step(self):
        here = self.run_.step_url(5)
        response = self.client.post(here, {"distress": "9"})
        self.assertRedirects(
            response,
            safety_api.pause_url(return_to=here, reason="distress"),
            fetch_redirect_response=False,
        )
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.current_step, 5)
        page = self.client.get(here)
        self.assertContains(page, "Welcome back")

    def test_every_rating_goes_to_the_safety_layer(self):
        with mock.patch.object(
            safety_api, "record_distress", wraps=safety_api.record_distress
        ) as record:
            self.client.post(self.run_.step_url(5), {"distress": "2"})
        record.assert_called_once_with(
            self.alice, exercise=f"guide-session:{self.run_.id}", rating=2, phase="during"
        )

    def test_a_second_high_rating_goes_no_further_and_leaves_the_choice_to_the_person(self):
        here = self.run_.step_url(5)
        self.client.post(here, {"distress": "9"})
        response = self.client.post(here, {"distress": "9"}, follow=True)
        self.assertContains(response, "It is still strong right now")
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.current_step, 5)


class ScreeningTests(InnerchildTestCase):
    def test_free_text_is_screened_after_it_is_saved(self):
        self.login(self.alice)
        run = start_run(self.client, MEETING)
        walk(self.client, run, until=2)
        seen = []

        def screen(user, text, *, source, language=None):
            seen.append((text, StepAnswer.objects.filter(run=run, step_index=1).exists()))
            return safety_api.ScreeningOutcome(level="urgent")

        with (
            mock.patch.object(safety_api, "screen_saved_text", side_effect=screen),
            mock.patch.object(
                safety_api,
                "response_for_screening",
                return_value=HttpResponseRedirect("/safety/crisis/"),
            ),
        ):
            response = self.client.post(run.step_url(1), answer_for(get_script(MEETING).step(1)))
        self.assertRedirects(response, "/safety/crisis/", fetch_redirect_response=False)
        self.assertEqual(seen, [("To feel a little closer to her. That I will cry.", True)])


class CompletingASessionTests(InnerchildTestCase):
    def test_the_whole_arc_ends_in_the_history_and_the_journal(self):
        self.login(self.alice)
        run = start_run(self.client, MEETING)
        with mock.patch.object(journal_api, "add_affirmation") as add:
            walk(self.client, run)
        add.assert_not_called()
        run.refresh_from_db()
        self.assertEqual(run.status, RunStatus.COMPLETED)
        self.assertEqual((run.distress_before, run.distress_after), (3, 3))
        page = self.client.get(run.get_absolute_url())
        self.assertContains(page, "You finished the session")
        self.assertContains(page, "She was about seven.")
        entry_url = journal_api.entry_url(self.alice, self._entry_id(run))
        journal_page = self.client.get(entry_url)
        self.assertContains(journal_page, "Someone to stay.")

    def _entry_id(self, run):
        from innerchild.journal.models import Entry

        return Entry.objects.get(owner=self.alice, source=run.source).id

    def test_comforting_words_can_be_saved_to_affirmations_once(self):
        self.login(self.alice)
        run = start_run(self.client, MEETING)
        walk(self.client, run, until=8)
        step = run.step_url(7)
        words = get_script(MEETING).step(7).get("suggestions")[1]
        data = {"chosen": ["1"], "own_words": "You matter.", "save_to_affirmations": "on"}
        with mock.patch.object(journal_api, "add_affirmation") as add:
            self.client.post(step, data)
            self.client.post(f"/guide/runs/{run.id}/9/back/")
            self.client.post(step, data)
        self.assertEqual(
            add.call_args_list, [mock.call(self.alice, words), mock.call(self.alice, "You matter.")]
        )

    def test_a_finished_session_cannot_be_played_again(self):
        self.login(self.alice)
        run = start_run(self.client, MEETING)
        walk(self.client, run)
        response = self.client.get(run.step_url(3))
        self.assertRedirects(response, run.get_absolute_url())
