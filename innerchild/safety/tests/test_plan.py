from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.safety.actions import do_save_plan
from innerchild.safety.forms import PLAN_SECTION_MAX_CHARS
from innerchild.safety.models import PLAN_FIELDS, SafetyPlan


class PlanPageTests(InnerchildTestCase):
    url = "/safety/plan/"

    def test_it_shows_my_plan_with_a_print_button(self):
        do_save_plan(
            self.alice, {"warning_signs": "Not sleeping", "reasons_for_living": "Miso the cat"}
        )
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Not sleeping")
        self.assertContains(response, "Miso the cat")
        self.assertContains(response, "data-print")
        self.assertContains(response, "My reasons for living")

    def test_it_starts_with_the_form_when_there_is_no_plan_yet(self):
        self.login(self.alice)
        self.assertRedirects(self.client.get(self.url), "/safety/plan/edit/")

    def test_it_requires_login(self):
        self.assertRedirects(self.client.get(self.url), f"/accounts/login/?next={self.url}")

    def test_it_never_shows_someone_elses_plan(self):
        do_save_plan(self.bob, {"warning_signs": "Bob's signs"})
        self.login(self.alice)
        self.assertRedirects(self.client.get(self.url), "/safety/plan/edit/")

    def test_it_only_answers_get(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url).status_code, 405)


class EditPlanTests(InnerchildTestCase):
    url = "/safety/plan/edit/"

    def form(self, **changes):
        data = dict.fromkeys(PLAN_FIELDS, "")
        data.update(changes)
        return data

    def test_it_shows_the_seven_stanley_brown_sections(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        for label in (
            "My warning signs",
            "Things I can do on my own",
            "People and places that take my mind off things",
            "People I can ask for help",
            "Professionals and services I can contact",
            "Making my surroundings safer",
            "My reasons for living",
        ):
            self.assertContains(response, label)

    def test_it_saves_my_plan_encrypted(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form(people_to_ask="Jo 555-0142"))
        self.assertRedirects(response, "/safety/plan/")
        self.assertEqual(SafetyPlan.objects.get(user=self.alice).people_to_ask, "Jo 555-0142")
        self.assertNotIn("555-0142", raw_column_values("safety_safetyplan", "people_to_ask")[0])

    def test_naming_warning_signs_and_means_does_not_raise_an_alarm(self):
        from innerchild.safety.models import RiskEvent

        self.login(self.alice)
        response = self.client.post(
            self.url,
            self.form(
                warning_signs="When I start thinking I want to kill myself",
                safe_environment="Give the pills to my sister",
            ),
        )
        self.assertRedirects(response, "/safety/plan/")
        self.assertFalse(RiskEvent.objects.filter(user=self.alice).exists())

    def test_what_i_write_is_hidden_from_error_reports(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form(warning_signs="private"))
        self.assertEqual(response.wsgi_request.sensitive_post_parameters, "__ALL__")

    def test_it_edits_my_existing_plan(self):
        do_save_plan(self.alice, {"warning_signs": "old"})
        self.login(self.alice)
        self.client.post(self.url, self.form(warning_signs="new"))
        self.assertEqual(SafetyPlan.objects.get(user=self.alice).warning_signs, "new")
        self.assertEqual(SafetyPlan.objects.count(), 1)

    def test_it_requires_login(self):
        self.assertRedirects(self.client.get(self.url), f"/accounts/login/?next={self.url}")

    def test_it_rejects_an_oversized_section_naming_the_limit_and_keeps_my_words(self):
        self.login(self.alice)
        text = "x" * (PLAN_SECTION_MAX_CHARS + 1)
        response = self.client.post(
            self.url, self.form(coping_strategies=text, warning_signs="keep me")
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, f"under {PLAN_SECTION_MAX_CHARS} characters", status_code=422)
        self.assertContains(response, "keep me", status_code=422)
        self.assertFalse(SafetyPlan.objects.exists())

    def test_it_answers_only_get_and_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.delete(self.url).status_code, 405)
