"""The Pause page says why a person was brought there, when they were brought (a high rating)."""

from innerchild.core.testing import InnerchildTestCase
from innerchild.safety import api


class PauseReasonTests(InnerchildTestCase):
    def test_a_high_distress_rating_is_named_as_the_reason(self):
        url = api.pause_url(return_to="/guide/run/1/", reason="distress")
        self.assertEqual(url, "/safety/pause/?from=%2Fguide%2Frun%2F1%2F&why=distress")
        page = self.client.get(url)
        self.assertContains(page, "You were brought here because the distress you rated was high")
        self.assertContains(page, "Return to where I was")

    def test_without_a_reason_nothing_is_said(self):
        page = self.client.get(api.pause_url(return_to="/journal/"))
        self.assertNotContains(page, "You were brought here")

    def test_an_unknown_reason_is_ignored(self):
        page = self.client.get("/safety/pause/?why=%3Cscript%3E")
        self.assertNotContains(page, "You were brought here")
        self.assertNotContains(page, "<script>")
