from innerchild.core.testing import InnerchildTestCase, make_person
from innerchild.safety import api


class SafetyAdminTests(InnerchildTestCase):
    def test_staff_see_risk_events_without_any_text(self):
        api.screen_saved_text(self.alice, "I wish I was dead", source="safety-checkin:9")
        staff = make_person("staff@example.org", "Staff", is_staff=True, is_superuser=True)
        self.login(staff)
        response = self.client.get("/admin/safety/riskevent/")
        self.assertContains(response, "safety-checkin:9")
        self.assertNotContains(response, "wish I was dead")

    def test_plans_and_notes_are_not_in_admin(self):
        staff = make_person("staff@example.org", "Staff", is_staff=True, is_superuser=True)
        self.login(staff)
        self.assertEqual(self.client.get("/admin/safety/safetyplan/").status_code, 404)
        self.assertEqual(self.client.get("/admin/safety/safetycheckin/").status_code, 404)
