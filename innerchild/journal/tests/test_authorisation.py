"""Other people get 404 on every journal URL that names something of mine; never 403."""

import json

from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal import actions
from innerchild.journal.tests.helpers import write


class OtherPeopleSeeNothingTests(InnerchildTestCase):
    def setUp(self):
        self.body = "Only for me."
        self.entry = write(self.alice, title="Private", body=self.body)
        self.affirmation = actions.do_add_affirmation(self.alice, "Mine")
        self.profile = actions.do_set_younger_self_photo(self.alice, b"jpeg")

    def assert_404_for_everyone_else(self, method, url, **kwargs):
        for person in (self.bob, self.fay, self.gus, self.tess):
            self.client.force_login(person)
            response = getattr(self.client, method)(url, **kwargs)
            self.assertEqual(response.status_code, 404, f"{person} {method} {url}")

    def test_entry_pages(self):
        for name in ("journal:entry", "journal:edit", "journal:delete"):
            self.assert_404_for_everyone_else("get", reverse(name, args=[self.entry.id]))
        for name in ("journal:edit", "journal:delete"):
            url = reverse(name, args=[self.entry.id])
            self.assert_404_for_everyone_else("post", url, data={"body": "x", "kind": "entry"})
        self.entry.refresh_from_db()
        self.assertEqual((self.entry.title, self.entry.body), ("Private", self.body))

    def test_drafts_of_my_entry(self):
        self.assert_404_for_everyone_else(
            "post", reverse("journal:save_draft"), data={"draft_slot": f"edit:{self.entry.id}"}
        )
        self.assert_404_for_everyone_else(
            "post", reverse("journal:discard_draft"), data={"draft_slot": f"edit:{self.entry.id}"}
        )

    def test_affirmations(self):
        self.assert_404_for_everyone_else(
            "post", reverse("journal:delete_affirmation", args=[self.affirmation.id])
        )

    def test_younger_self_photo(self):
        self.assert_404_for_everyone_else(
            "get", reverse("journal:younger_self_photo", args=[self.profile.id])
        )

    def test_json_api(self):
        url = reverse("api-v1:read_entry", args=[self.entry.id])
        self.assert_404_for_everyone_else("get", url)
        self.assert_404_for_everyone_else("delete", url)
        self.assert_404_for_everyone_else(
            "put", url, data=json.dumps({"body": "x"}), content_type="application/json"
        )
        self.assert_404_for_everyone_else(
            "patch", url, data=json.dumps({"body": "x"}), content_type="application/json"
        )
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_other_people_do_not_find_my_entries_by_search(self):
        self.client.force_login(self.bob)
        response = self.client.post(reverse("journal:search"), {"q": "Private"}, follow=True)
        self.assertContains(response, "No entries match this search.")
        self.assertNotContains(response, self.entry.get_absolute_url())
        response = self.client.post(
            reverse("api-v1:search_entries"), {"q": "Private"}, content_type="application/json"
        )
        self.assertEqual(response.json()["entries"], [])

    def test_a_malformed_id_is_refused_and_named(self):
        self.client.force_login(self.alice)
        response = self.client.get("/api/v1/journal/entries/not-a-uuid/")
        self.assertEqual(response.status_code, 422)
        self.assertIn("entry_id", response.json()["errors"])
