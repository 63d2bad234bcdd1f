from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal.models import Entry, Kind


class WriteEntryTests(InnerchildTestCase):
    url = reverse("journal:new")

    def post(self, **fields):
        data = {"kind": "entry", "title": "Sunday", "body": "I felt *calm* by the sea.", **fields}
        return self.client.post(self.url, data)

    def test_it_shows_the_form(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Your words")
        self.assertContains(response, "Hopeful")

    def test_it_saves_the_entry_and_shows_it(self):
        self.login(self.alice)
        response = self.post(
            emotion="peaceful", pleasantness="4", energy="2", tags="sea, rest", signs=["stress"]
        )
        entry = Entry.objects.get(owner=self.alice)
        self.assertRedirects(response, entry.get_absolute_url())
        self.assertEqual(entry.body, "I felt *calm* by the sea.")
        self.assertEqual(entry.tag_list, ["sea", "rest"])
        self.assertEqual(entry.sign_list, ["stress"])
        page = self.client.get(entry.get_absolute_url())
        self.assertContains(page, "<em>calm</em>", html=True)
        self.assertContains(page, "Peaceful")

    def test_it_writes_a_letter_to_my_younger_self(self):
        self.login(self.alice)
        self.post(kind="letter_to", body="Dear little me")
        self.assertEqual(Entry.objects.get(owner=self.alice).kind, Kind.LETTER_TO)

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}")

    def test_it_rejects_an_empty_body_and_keeps_the_title(self):
        self.login(self.alice)
        response = self.post(body="")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "This field is required", status_code=422)
        self.assertContains(response, 'value="Sunday"', status_code=422)
        self.assertFalse(Entry.objects.exists())

    def test_it_refuses_an_oversized_body_naming_the_limit(self):
        self.login(self.alice)
        response = self.post(body="a" * 100_001)
        self.assertContains(response, "100000 characters", status_code=422)
        self.assertFalse(Entry.objects.exists())

    def test_it_rejects_an_unknown_feeling(self):
        self.login(self.alice)
        response = self.post(emotion="smug")
        self.assertEqual(response.status_code, 422)

    def test_it_rejects_put(self):
        self.login(self.alice)
        self.assertEqual(self.client.put(self.url).status_code, 405)

    def test_it_screens_the_saved_text_after_saving(self):
        from unittest import mock

        from innerchild.safety.api import ScreeningOutcome

        self.login(self.alice)
        seen = []

        def screen(user, text, *, source, language=None):
            seen.append((Entry.objects.filter(owner=user).exists(), text, source))
            return ScreeningOutcome(level="watch")

        with (
            mock.patch("innerchild.safety.api.screen_saved_text", side_effect=screen),
            mock.patch(
                "innerchild.safety.api.response_for_screening",
                return_value=__import__("django.http").http.HttpResponseRedirect("/check-in/"),
            ) as respond,
        ):
            response = self.post(body="A hard day")
        entry = Entry.objects.get()
        self.assertEqual(seen, [(True, "Sunday\nA hard day", f"journal-entry:{entry.id}")])
        self.assertEqual(respond.call_args.kwargs["return_to"], entry.get_absolute_url())
        self.assertRedirects(response, "/check-in/", fetch_redirect_response=False)
