import io
import json
import zipfile

from django.core.management import call_command

from innerchild.accounts.actions import build_export
from innerchild.core.testing import InnerchildTestCase
from innerchild.safety import api
from innerchild.safety.actions import do_save_checkin, do_save_plan
from innerchild.safety.models import SafetyPlan


class DashboardPanelTests(InnerchildTestCase):
    def test_the_dashboard_links_to_the_plan_and_check_in(self):
        self.login(self.alice)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "Make your safety plan")
        self.assertContains(response, 'href="/safety/check-in/"')
        do_save_plan(self.alice, {"warning_signs": "x"})
        self.assertContains(self.client.get("/dashboard/"), "Your safety plan")


class ExportTests(InnerchildTestCase):
    def test_my_export_holds_my_plan_notes_and_events(self):
        do_save_plan(self.alice, {"reasons_for_living": "My nephew"})
        do_save_checkin(self.alice, "A steady day")
        api.screen_saved_text(self.alice, "I wish I was dead", source="safety-checkin:1")
        do_save_plan(self.bob, {"reasons_for_living": "Bob only"})
        archive = zipfile.ZipFile(io.BytesIO(build_export(self.alice)))
        data = json.loads(archive.read("data.json"))["safety"]
        self.assertEqual(data["safety_plan"]["reasons_for_living"], "My nephew")
        self.assertEqual(data["check_in_notes"][0]["body"], "A steady day")
        self.assertEqual(data["risk_events"][0]["level"], "watch")
        self.assertIn("My nephew", archive.read("safety/safety-plan.md").decode())
        self.assertNotIn("Bob only", archive.read("data.json").decode())


class DemoDataTests(InnerchildTestCase):
    def test_the_demo_member_gets_a_safety_plan_once(self):
        call_command("demo_data", stdout=io.StringIO())
        call_command("demo_data", stdout=io.StringIO())
        plan = SafetyPlan.objects.get(user__email="demo@innerchild.local")
        self.assertIn("Miso", plan.reasons_for_living)
        self.assertEqual(SafetyPlan.objects.filter(user__email="demo@innerchild.local").count(), 1)


class ContentCheckTests(InnerchildTestCase):
    def test_the_content_check_covers_safety_files(self):
        out = io.StringIO()
        call_command("content", "check", stdout=out)
        self.assertIn("safety", out.getvalue())
