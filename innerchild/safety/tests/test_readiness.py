from innerchild.core.testing import InnerchildTestCase
from innerchild.safety.models import DeepWorkUnlock, ReadinessCheck
from innerchild.safety.rules import READINESS_KEYS


def answers(**yes):
    return {key: "yes" if yes.get(key) else "no" for key in READINESS_KEYS}


class ReadinessPageTests(InnerchildTestCase):
    url = "/safety/readiness/?next=/dashboard/"

    def test_it_asks_the_six_questions(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        for words in (
            "thoughts of hurting yourself",
            "tried to end your life",
            "severe trauma",
            "feel unreal",
            "therapist, counsellor or doctor",
            "alcohol or drugs today",
        ):
            self.assertContains(response, words)

    def test_ready_people_continue_to_next(self):
        self.login(self.alice)
        response = self.client.post(self.url, answers())
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        self.assertEqual(ReadinessCheck.objects.get(user=self.alice).outcome, "ready")

    def test_current_thoughts_of_self_harm_open_the_crisis_screen(self):
        self.login(self.alice)
        response = self.client.post(self.url, answers(thoughts_now=True))
        self.assertRedirects(
            response, "/safety/crisis/?next=%2Fdashboard%2F", fetch_redirect_response=False
        )
        self.assertEqual(ReadinessCheck.objects.get(user=self.alice).outcome, "crisis")

    def test_gentle_only_is_explained_kindly_with_the_reason_and_a_referral(self):
        self.login(self.alice)
        response = self.client.post(self.url, answers(dissociation=True))
        self.assertContains(response, "Gentle exercises for now")
        self.assertContains(response, "Feeling unreal or losing time")
        self.assertContains(response, "not a diagnosis")
        self.assertContains(response, 'href="/dashboard/"')
        self.assertEqual(ReadinessCheck.objects.get(user=self.alice).reasons, ["dissociation"])

    def test_teens_are_gentle_only_unless_a_facilitator_unlocked_deep_work(self):
        self.login(self.tess)
        response = self.client.post(self.url, answers())
        self.assertContains(response, "In teen mode")
        DeepWorkUnlock.objects.create(member=self.tess, unlocked_by=self.fay)
        response = self.client.post(self.url, answers())
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

    def test_it_ignores_a_next_pointing_elsewhere(self):
        self.login(self.alice)
        response = self.client.post("/safety/readiness/?next=https://evil.example/", answers())
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

    def test_it_requires_login(self):
        response = self.client.get("/safety/readiness/")
        self.assertRedirects(response, "/accounts/login/?next=/safety/readiness/")

    def test_it_rejects_missing_answers_and_keeps_the_given_ones(self):
        self.login(self.alice)
        data = answers(severe_trauma=True)
        del data["in_care"]
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Please choose yes or no.", status_code=422)
        self.assertContains(
            response, 'value="yes" id="id_severe_trauma_0" required checked', status_code=422
        )
        self.assertFalse(ReadinessCheck.objects.exists())

    def test_it_answers_only_get_and_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.put(self.url).status_code, 405)

    def test_onboarding_leads_here(self):
        person = self.alice
        person.onboarded_at = None
        person.save(update_fields=["onboarded_at"])
        self.login(person)
        response = self.client.post(
            "/accounts/onboarding/",
            {
                "understands_self_help": "on",
                "understands_pause": "on",
                "accepts_terms": "on",
                "path": "self_guided",
            },
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
