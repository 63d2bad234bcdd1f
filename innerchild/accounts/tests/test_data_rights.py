import io
import json
import zipfile

from django.apps import apps

from innerchild.accounts.models import Role, User
from innerchild.core import registry
from innerchild.core.testing import PASSWORD, InnerchildTestCase, make_person

# The audit log keeps one "an account was deleted" event naming nobody; it is checked apart.
NOT_COUNTED = {"audit.AuditEvent"}


def innerchild_row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("innerchild.") and model._meta.label not in NOT_COUNTED
    }


class ExportTests(InnerchildTestCase):
    def test_it_downloads_a_zip_with_all_my_data(self):
        self.login(self.alice)
        response = self.client.post("/accounts/settings/data/export/")
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertEqual(response["Cache-Control"], "no-store")
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            data = json.loads(archive.read("data.json"))
        self.assertEqual(data["account"]["email"], "alice@example.org")
        self.assertEqual(data["account"]["display_name"], "Alice")
        for build in registry.export_sections:
            self.assertIn(build(self.alice).name, data)

    def test_it_exports_only_my_own_data(self):
        self.login(self.bob)
        response = self.client.post("/accounts/settings/data/export/")
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            self.assertNotIn(b"alice@example.org", archive.read("data.json"))

    def test_it_needs_post_and_login(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/accounts/settings/data/export/").status_code, 405)
        self.client.logout()
        response = self.client.post("/accounts/settings/data/export/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_the_data_page_offers_export_and_deletion(self):
        self.login(self.alice)
        response = self.client.get("/accounts/settings/data/")
        self.assertContains(response, "Download my data")
        self.assertContains(response, "Delete my account")


class DeleteAccountTests(InnerchildTestCase):
    def test_it_deletes_the_account_after_password_and_confirmation(self):
        self.login(self.alice)
        response = self.client.post(
            "/accounts/settings/data/delete/", {"current_password": PASSWORD, "confirm": "on"}
        )
        self.assertContains(response, "Your account is deleted")
        self.assertFalse(User.objects.filter(email="alice@example.org").exists())
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_refuses_without_the_confirmation_box(self):
        self.login(self.alice)
        response = self.client.post(
            "/accounts/settings/data/delete/", {"current_password": PASSWORD}
        )
        self.assertContains(response, "This field is required", status_code=422)
        self.assertTrue(User.objects.filter(pk=self.alice.pk).exists())

    def test_it_refuses_a_wrong_password(self):
        self.login(self.alice)
        response = self.client.post(
            "/accounts/settings/data/delete/", {"current_password": "nope", "confirm": "on"}
        )
        self.assertContains(response, "not your current password", status_code=422)
        self.assertTrue(User.objects.filter(pk=self.alice.pk).exists())

    def test_it_needs_post_and_login(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/accounts/settings/data/delete/").status_code, 405)
        self.client.logout()
        self.assertEqual(self.client.post("/accounts/settings/data/delete/").status_code, 302)

    def test_it_leaves_no_rows_of_the_deleted_person_in_any_app(self):
        before = innerchild_row_counts()
        known = set(User.objects.values_list("id", flat=True))
        member = make_person("leaving@example.org", "Lee")
        facilitator = make_person("guide@example.org", "Gia", role=Role.FACILITATOR)
        for build in registry.demo_data_builders:
            build(member=member, facilitator=facilitator)
        self.assertGreater(sum(innerchild_row_counts().values()), sum(before.values()) + 20)
        # Demo data adds other people too (a second client); they leave the same way.
        leaving = list(User.objects.exclude(id__in=known))
        for person in (member, facilitator):
            self.client.force_login(person)
            self.client.post(
                "/accounts/settings/data/delete/", {"current_password": PASSWORD, "confirm": "on"}
            )
        from innerchild.accounts.actions import do_delete_account

        for person in User.objects.exclude(id__in=known):
            do_delete_account(person)
        self.assertEqual(innerchild_row_counts(), before)
        from innerchild.audit.models import AuditEvent

        ids = [person.id for person in leaving]
        self.assertFalse(AuditEvent.objects.filter(actor_id__in=ids).exists())
        self.assertFalse(AuditEvent.objects.filter(subject_id__in=ids).exists())
