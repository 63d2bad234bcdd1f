from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal.models import Entry, Kind


class DialogueTests(InnerchildTestCase):
    url = reverse("journal:new_dialogue")

    def test_it_saves_alternating_turns_as_one_entry(self):
        self.login(self.alice)
        response = self.client.post(
            self.url,
            {
                "title": "Evening talk",
                "turn_0": "How was today?",
                "turn_1": "Scary.",
                "turn_2": "I'm here.",
                "turn_3": "",
                "non_dominant_hand": "on",
            },
        )
        entry = Entry.objects.get(owner=self.alice)
        self.assertRedirects(response, entry.get_absolute_url())
        self.assertEqual(entry.kind, Kind.DIALOGUE)
        self.assertEqual(
            entry.turns,
            [
                {"voice": "now", "text": "How was today?"},
                {"voice": "little", "text": "Scary."},
                {"voice": "now", "text": "I'm here."},
            ],
        )
        self.assertTrue(entry.detail_data["non_dominant_hand"])

    def test_it_accepts_turns_added_in_the_browser(self):
        self.login(self.alice)
        data = {f"turn_{i}": f"turn {i}" for i in range(10)}
        self.client.post(self.url, data)
        self.assertEqual(len(Entry.objects.get().turns), 10)

    def test_it_needs_at_least_one_turn(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"title": "Kept title"})
        self.assertContains(response, "Write at least one turn", status_code=422)
        self.assertContains(response, 'value="Kept title"', status_code=422)

    def test_the_form_labels_the_two_voices(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Me now")
        self.assertContains(response, "Little me")
        self.assertContains(response, "non-dominant hand")


class TriggerLogTests(InnerchildTestCase):
    url = reverse("journal:new_trigger")

    def test_it_saves_every_field(self):
        self.login(self.alice)
        self.client.post(
            self.url,
            {
                "situation": "Left on read",
                "reaction": "Spiralled",
                "intensity": "7",
                "body_sensations": "Tight chest",
                "felt_age": "6",
                "memory": "The school gate",
                "need": "attention",
                "tell_younger_self": "You matter",
                "differently": "Breathe first",
            },
        )
        entry = Entry.objects.get()
        self.assertEqual((entry.kind, entry.intensity, entry.need), (Kind.TRIGGER, 7, "attention"))
        self.assertEqual(entry.detail_data["memory"], "The school gate")
        page = self.client.get(entry.get_absolute_url())
        self.assertContains(page, "The school gate")
        self.assertContains(page, "Attention")

    def test_it_offers_the_unmet_needs_list(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        for need in (
            "Safety",
            "Comfort",
            "Attention",
            "Acceptance",
            "Protection",
            "Encouragement",
            "Play",
        ):
            self.assertContains(response, f">{need}</option>")

    def test_it_needs_a_situation_and_an_intensity(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"memory": "kept"})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "kept</textarea>", status_code=422)
