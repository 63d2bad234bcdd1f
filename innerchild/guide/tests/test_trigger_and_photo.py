"""Sessions that start from the trigger log, and the younger-self photo in visualizations."""

from __future__ import annotations

from unittest import mock

import pytest

from innerchild.core.content import ContentError
from innerchild.core.testing import InnerchildTestCase
from innerchild.guide.models import StepAnswer
from innerchild.guide.scripts import load_scripts
from innerchild.guide.tests.helpers import start_run, walk
from innerchild.guide.tests.test_scripts import broken_copy, line_of
from innerchild.journal import api as journal_api

PHOTO = "/journal/younger-self/photo/"


class TriggerSessionTests(InnerchildTestCase):
    def test_it_starts_from_an_entry_in_the_trigger_log(self):
        trigger_id = journal_api.create_entry_from(
            self.alice, kind="trigger", title="Left out of the group chat", body="It stung."
        )
        self.login(self.alice)
        run = start_run(self.client, "healing-a-trigger")
        walk(self.client, run, until=3)
        page = self.client.get(run.step_url(2))
        self.assertContains(page, "Left out of the group chat")
        self.client.post(run.step_url(2), {"trigger": str(trigger_id)})
        answer = StepAnswer.objects.get(run=run, step_index=2)
        self.assertEqual(answer.data["trigger_id"], str(trigger_id))
        later = self.client.get(run.step_url(3))
        self.assertContains(later, "The moment you chose")
        self.assertContains(later, "Left out of the group chat")

    def test_without_a_chosen_trigger_or_words_it_asks_for_one(self):
        self.login(self.alice)
        run = start_run(self.client, "healing-a-trigger")
        walk(self.client, run, until=3)
        response = self.client.post(run.step_url(2), {"description": ""})
        self.assertContains(response, "describe one in a few words", status_code=422)

    def test_someone_elses_trigger_cannot_be_chosen(self):
        bobs = journal_api.create_entry_from(self.bob, kind="trigger", title="Bob's", body="x")
        self.login(self.alice)
        run = start_run(self.client, "healing-a-trigger")
        walk(self.client, run, until=3)
        response = self.client.post(run.step_url(2), {"trigger": str(bobs)})
        self.assertEqual(response.status_code, 422)


class PhotoTests(InnerchildTestCase):
    def test_the_photo_meditation_shows_the_younger_self_photo(self):
        self.login(self.alice)
        run = start_run(self.client, "photo-meditation")
        walk(self.client, run, until=4)
        with mock.patch.object(journal_api, "younger_self_photo_url", return_value=PHOTO):
            page = self.client.get(run.step_url(3))
        self.assertContains(page, f'src="{PHOTO}"')

    def test_without_a_photo_it_says_how_to_add_one(self):
        self.login(self.alice)
        run = start_run(self.client, "photo-meditation")
        walk(self.client, run, until=4)
        page = self.client.get(run.step_url(3))
        self.assertContains(page, "You have not added a younger-self photo.")

    def test_other_visualizations_show_it_only_if_the_person_wishes(self):
        self.login(self.alice)
        run = start_run(self.client, "safe-place")
        walk(self.client, run, until=4)
        with mock.patch.object(journal_api, "younger_self_photo_url", return_value=PHOTO):
            self.assertNotContains(self.client.get(run.step_url(3)), PHOTO)
            self.client.post(
                "/guide/preferences/", {"rate": "0.9", "pitch": "1", "show_photo": "on"}
            )
            self.assertContains(self.client.get(run.step_url(3)), f'src="{PHOTO}"')


def test_an_audio_file_that_does_not_exist_is_reported(tmp_path):
    path = broken_copy(
        tmp_path,
        "    title: Finding your place\n",
        "    title: Finding your place\n    audio: guide/audio/missing.ogg\n",
    )
    with pytest.raises(ContentError) as caught:
        load_scripts(tmp_path)
    assert caught.value.problems == [
        f"{path}:{line_of(path, 'audio:')}: audio file 'guide/audio/missing.ogg' is not in any "
        "static folder"
    ]
