"""Voice, speed and pitch are chosen by the person and remembered."""

from __future__ import annotations

from innerchild.core.testing import InnerchildTestCase
from innerchild.guide.models import Preferences
from innerchild.guide.tests.helpers import start_run


class PreferencesTests(InnerchildTestCase):
    data = {
        "voice_on": "on",
        "voice_name": "Calm Voice",
        "rate": "0.8",
        "pitch": "1.1",
        "use_audio": "on",
    }

    def test_they_are_saved_and_used_by_the_player(self):
        self.login(self.alice)
        run = start_run(self.client, "safe-place")
        response = self.client.post("/guide/preferences/", {**self.data, "next": run.step_url(0)})
        self.assertRedirects(response, run.step_url(0))
        saved = Preferences.objects.get(owner=self.alice)
        self.assertTrue(saved.voice_on)
        self.assertEqual(saved.voice_name, "Calm Voice")
        page = self.client.get(run.step_url(0))
        self.assertContains(page, 'data-voice-on="1"')
        self.assertContains(page, 'data-voice="Calm Voice"')
        self.assertContains(page, 'data-rate="0.80"')

    def test_a_speed_out_of_range_is_refused_and_kept(self):
        self.login(self.alice)
        response = self.client.post("/guide/preferences/", {**self.data, "rate": "9"})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "less than or equal to 1.5", status_code=422)
        self.assertContains(response, 'value="9"', status_code=422)
        self.assertFalse(Preferences.objects.filter(owner=self.alice).exists())

    def test_an_outside_next_address_is_ignored(self):
        self.login(self.alice)
        response = self.client.post(
            "/guide/preferences/", {**self.data, "next": "https://example.com/"}
        )
        self.assertRedirects(response, "/guide/preferences/")

    def test_the_page_shows(self):
        self.login(self.alice)
        self.assertContains(self.client.get("/guide/preferences/"), "Voice and display settings")

    def test_it_requires_login(self):
        self.assertEqual(self.client.get("/guide/preferences/").status_code, 302)

    def test_other_methods_are_refused(self):
        self.login(self.alice)
        self.assertEqual(self.client.put("/guide/preferences/").status_code, 405)

    def test_each_person_has_their_own(self):
        self.login(self.alice)
        self.client.post("/guide/preferences/", self.data)
        self.login(self.bob)
        self.assertNotContains(self.client.get("/guide/preferences/"), "Calm Voice")
