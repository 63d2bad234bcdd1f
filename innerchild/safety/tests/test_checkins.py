from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.safety.forms import CHECKIN_MAX_CHARS
from innerchild.safety.models import RiskEvent, SafetyCheckin


class CheckinPageTests(InnerchildTestCase):
    url = "/safety/check-in/"

    def test_it_shows_the_form_and_my_notes(self):
        SafetyCheckin.objects.create(user=self.alice, body="Tired but steady.")
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "How am I, really?")
        self.assertContains(response, "Tired but steady.")

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, f"/accounts/login/?next={self.url}")

    def test_it_never_lists_someone_elses_notes(self):
        SafetyCheckin.objects.create(user=self.bob, body="Bob's private words")
        self.login(self.alice)
        self.assertNotContains(self.client.get(self.url), "private words")

    def test_an_ordinary_note_is_saved_and_brings_me_back(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"body": "A quiet day, I read in the park."})
        self.assertRedirects(response, self.url)
        self.assertEqual(
            SafetyCheckin.objects.get(user=self.alice).body, "A quiet day, I read in the park."
        )
        self.assertFalse(RiskEvent.objects.exists())

    def test_the_note_is_encrypted_at_rest(self):
        self.login(self.alice)
        self.client.post(self.url, {"body": "secret words about my mother"})
        stored = raw_column_values("safety_safetycheckin", "body")
        self.assertEqual(len(stored), 1)
        self.assertNotIn("mother", stored[0])

    def test_an_urgent_note_is_saved_then_opens_the_crisis_screen(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"body": "I'm going to kill myself tonight."})
        self.assertRedirects(
            response, "/safety/crisis/?next=%2Fsafety%2Fcheck-in%2F", fetch_redirect_response=False
        )
        self.assertEqual(SafetyCheckin.objects.filter(user=self.alice).count(), 1)
        event = RiskEvent.objects.get(user=self.alice)
        self.assertEqual(event.level, "urgent")
        self.assertEqual(event.source, f"safety-checkin:{SafetyCheckin.objects.get().pk}")

    def test_a_worrying_note_is_saved_and_the_page_offers_a_calm_panel(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"body": "Some nights I hope I don't wake up."})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.url), "What you wrote is saved.")

    def test_a_hard_negative_is_just_saved(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"body": "This workout is killing me."})
        self.assertRedirects(response, self.url)
        self.assertFalse(RiskEvent.objects.exists())

    def test_it_rejects_an_empty_note(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"body": "   "})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Write a few words", status_code=422)

    def test_it_rejects_an_oversized_note_naming_the_limit_and_keeps_the_text(self):
        self.login(self.alice)
        text = "calm " * (CHECKIN_MAX_CHARS // 5 + 10)
        response = self.client.post(self.url, {"body": text})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, f"under {CHECKIN_MAX_CHARS} characters", status_code=422)
        self.assertContains(response, "calm calm calm", status_code=422)
        self.assertFalse(SafetyCheckin.objects.exists())

    def test_it_answers_only_get_and_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.put(self.url).status_code, 405)

    def test_it_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        SafetyCheckin.objects.create(user=self.alice, body="one")
        with self.assertNumQueries(2):
            self.client.get(self.url)
        for n in range(10):
            SafetyCheckin.objects.create(user=self.alice, body=f"note {n}")
        with self.assertNumQueries(2):
            self.client.get(self.url)


class DeleteCheckinTests(InnerchildTestCase):
    def setUp(self):
        self.note = SafetyCheckin.objects.create(user=self.alice, body="delete me")
        self.url = f"/safety/check-in/{self.note.pk}/delete/"

    def test_it_deletes_my_note(self):
        self.login(self.alice)
        self.assertRedirects(self.client.post(self.url), "/safety/check-in/")
        self.assertFalse(SafetyCheckin.objects.exists())

    def test_it_requires_login(self):
        self.assertRedirects(self.client.post(self.url), f"/accounts/login/?next={self.url}")

    def test_it_hides_alices_note_from_bob(self):
        self.login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertTrue(SafetyCheckin.objects.exists())

    def test_it_only_answers_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)
