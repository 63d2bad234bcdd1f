from innerchild.accounts.models import Role
from innerchild.core.testing import InnerchildTestCase, make_person


class FacilitatorVerificationTests(InnerchildTestCase):
    def test_staff_verify_facilitators_from_the_admin(self):
        staff = make_person("staff@example.org", "Staff", is_staff=True, is_superuser=True)
        pending = make_person("new-guide@example.org", "Nell", role=Role.FACILITATOR)
        self.login(staff)
        response = self.client.post(
            "/admin/accounts/user/",
            {"action": "verify_facilitators", "_selected_action": [pending.pk, self.bob.pk]},
        )
        self.assertEqual(response.status_code, 302)
        pending.refresh_from_db()
        self.bob.refresh_from_db()
        self.assertTrue(pending.facilitator_verified)
        self.assertFalse(self.bob.facilitator_verified)

    def test_members_cannot_open_the_admin(self):
        self.login(self.alice)
        response = self.client.get("/admin/accounts/user/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
