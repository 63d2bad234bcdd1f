from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.journal.models import Draft, Entry
from innerchild.journal.tests.helpers import write


class AutosaveTests(InnerchildTestCase):
    url = reverse("journal:save_draft")

    def test_it_keeps_what_i_am_typing_and_brings_it_back(self):
        self.login(self.alice)
        response = self.client.post(
            self.url,
            {
                "draft_slot": "new:entry",
                "kind": "entry",
                "body": "half a thought",
                "signs": ["stress", "loneliness"],
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Draft saved", response.json()["message"])
        page = self.client.get(reverse("journal:new"))
        self.assertContains(page, "half a thought</textarea>")
        self.assertContains(page, "We brought back your unsaved draft")
        self.assertNotIn("half a thought", "".join(raw_column_values("journal_draft", "payload")))

    def test_saving_the_entry_clears_the_draft(self):
        self.login(self.alice)
        self.client.post(self.url, {"draft_slot": "new:entry", "body": "draft"})
        self.client.post(reverse("journal:new"), {"kind": "entry", "body": "final"})
        self.assertFalse(Draft.objects.exists())
        self.assertEqual(Entry.objects.get().body, "final")

    def test_switching_format_before_saving_still_clears_the_draft(self):
        self.login(self.alice)
        self.client.post(self.url, {"draft_slot": "new:entry", "body": "draft"})
        self.client.post(
            reverse("journal:new"),
            {"kind": "letter_to", "body": "final", "draft_slot": "new:entry"},
        )
        self.assertFalse(Draft.objects.exists())

    def test_a_draft_of_an_edit_comes_back_on_the_edit_page(self):
        entry = write(self.alice, body="saved words")
        self.login(self.alice)
        self.client.post(
            self.url, {"draft_slot": f"edit:{entry.id}", "kind": "entry", "body": "edited words"}
        )
        page = self.client.get(reverse("journal:edit", args=[entry.id]))
        self.assertContains(page, "edited words</textarea>")

    def test_discarding_the_draft_goes_back_to_an_empty_form(self):
        self.login(self.alice)
        self.client.post(self.url, {"draft_slot": "new:dialogue", "turn_0": "hello"})
        response = self.client.post(
            reverse("journal:discard_draft"), {"draft_slot": "new:dialogue"}
        )
        self.assertRedirects(response, reverse("journal:new_dialogue"))
        self.assertFalse(Draft.objects.exists())

    def test_an_unknown_slot_is_refused(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"draft_slot": "anything"})
        self.assertEqual(response.status_code, 422)

    def test_it_requires_login_and_post(self):
        self.assertEqual(self.client.post(self.url, {"draft_slot": "new:entry"}).status_code, 302)
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)
