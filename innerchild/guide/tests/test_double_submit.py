"""Sending the same step twice (a double click, a resent form) records it once."""

from __future__ import annotations

import re
from unittest import mock

from innerchild.core.testing import InnerchildTestCase
from innerchild.guide.models import StepAnswer
from innerchild.guide.scripts import get_script
from innerchild.guide.tests.helpers import start_run, walk
from innerchild.journal import api as journal_api
from innerchild.safety import api as safety_api

MEETING = "meeting-your-younger-self"
DURING = 5  # the check-in in the middle of the session
REPARENT = 7


class DoubleSubmitTests(InnerchildTestCase):
    def setUp(self):
        self.login(self.alice)
        self.run_ = start_run(self.client, MEETING)

    def form_seen(self, url: str) -> str:
        page = self.client.get(url).content.decode()
        return re.search(r'name="seen" value="([^"]*)"', page).group(1)

    def post_twice(self, url: str, data: dict):
        data = {**data, "seen": self.form_seen(url)}
        return self.client.post(url, data), self.client.post(url, data)

    def test_a_rating_sent_twice_is_recorded_once(self):
        here = self.run_.step_url(0)
        with mock.patch.object(
            safety_api, "record_distress", wraps=safety_api.record_distress
        ) as record:
            first, second = self.post_twice(here, {"distress": "4"})
        self.assertEqual(record.call_count, 1)
        self.assertEqual(first["Location"], second["Location"])
        self.run_.refresh_from_db()
        self.assertEqual((self.run_.current_step, self.run_.distress_before), (1, 4))

    def test_a_high_rating_sent_twice_still_leads_to_grounding(self):
        walk(self.client, self.run_, until=DURING + 1)
        here = self.run_.step_url(DURING)
        with mock.patch.object(
            safety_api, "record_distress", wraps=safety_api.record_distress
        ) as record:
            first, second = self.post_twice(here, {"distress": "9"})
        self.assertEqual(record.call_count, 1)
        pause = safety_api.pause_url(return_to=here, reason="distress")
        self.assertEqual((first["Location"], second["Location"]), (pause, pause))
        self.run_.refresh_from_db()
        self.assertEqual(self.run_.current_step, DURING)

    def test_comforting_words_sent_twice_are_added_to_affirmations_once(self):
        walk(self.client, self.run_, until=REPARENT + 1)
        here = self.run_.step_url(REPARENT)
        data = {"chosen": ["1"], "own_words": "You matter.", "save_to_affirmations": "on"}
        with mock.patch.object(journal_api, "add_affirmation") as add:
            self.post_twice(here, data)
        words = get_script(MEETING).step(REPARENT).get("suggestions")[1]
        self.assertEqual(
            add.call_args_list, [mock.call(self.alice, words), mock.call(self.alice, "You matter.")]
        )

    def test_writing_sent_twice_is_screened_without_a_second_record(self):
        walk(self.client, self.run_, until=2)
        here = self.run_.step_url(1)
        urgent = safety_api.ScreeningOutcome(level="urgent")
        with (
            mock.patch.object(safety_api, "screen_saved_text", return_value=urgent) as saved,
            mock.patch.object(safety_api, "screen_text", return_value=urgent),
        ):
            first, second = self.post_twice(here, {"hope": "Some words.", "concern": ""})
        self.assertEqual(saved.call_count, 1)
        self.assertEqual(first["Location"], second["Location"])
        self.assertTrue(second["Location"].startswith("/safety/"))

    def test_a_changed_answer_from_an_older_page_is_still_saved(self):
        walk(self.client, self.run_, until=2)
        here = self.run_.step_url(1)
        seen = self.form_seen(here)
        self.client.post(here, {"hope": "First words.", "concern": "", "seen": seen})
        self.client.post(here, {"hope": "Better words.", "concern": "", "seen": seen})
        answer = StepAnswer.objects.get(run=self.run_, step_index=1)
        self.assertEqual(answer.text, "Better words.")
