"""Facilitators and staff must use two-step sign-in before any care page or the admin; members
choose."""

from __future__ import annotations

from django.urls import reverse

from innerchild.accounts import twofactor
from innerchild.accounts.models import Role
from innerchild.core.testing import TOTP_KEY, InnerchildTestCase, make_person

PRACTICE = reverse("care:practice")
CLIENTS = reverse("care:clients")
ADMIN = "/admin/accounts/user/"
NEEDED = reverse("accounts:two_step_required")
CODE = reverse("accounts:two_step_login")


class FacilitatorWithoutAppTests(InnerchildTestCase):
    def setUp(self):
        self.newcomer = make_person(
            "nell@example.org",
            "Nell",
            role=Role.FACILITATOR,
            facilitator_verified=True,
            two_step=False,
        )
        self.client.force_login(self.newcomer)

    def test_care_pages_send_them_to_set_it_up_first_with_a_kind_explanation(self):
        for url in (PRACTICE, CLIENTS):
            response = self.client.get(url)
            self.assertRedirects(
                response, f"{NEEDED}?next={url.replace('/', '%2F')}", fetch_redirect_response=False
            )
        page = self.client.get(f"{NEEDED}?next={CLIENTS}")
        self.assertContains(page, "Your clients trust you with what they share")
        self.assertContains(page, f"{reverse('accounts:two_step_setup')}?next=/care/clients/")

    def test_after_setting_it_up_they_reach_the_page_they_wanted(self):
        self.client.get(f"{reverse('accounts:two_step_setup')}?next={CLIENTS}")
        device = self.newcomer.authenticatordevice_set.get(confirmed=False)
        self.client.post(
            reverse("accounts:two_step_setup"),
            {"code": twofactor.code_for(device.key), "next": CLIENTS},
        )
        codes = self.client.get(reverse("accounts:two_step_codes"))
        self.assertContains(codes, f'href="{CLIENTS}"')
        self.assertEqual(self.client.get(CLIENTS).status_code, 200)

    def test_pages_outside_care_stay_open(self):
        self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 200)
        self.assertEqual(self.client.get(reverse("safety:pause")).status_code, 200)


class FacilitatorWithAppTests(InnerchildTestCase):
    def test_a_session_that_has_not_given_a_code_is_asked_for_one(self):
        self.client.force_login(self.fay)
        response = self.client.get(CLIENTS)
        self.assertRedirects(
            response, f"{CODE}?next=%2Fcare%2Fclients%2F", fetch_redirect_response=False
        )
        response = self.client.post(
            f"{CODE}?next={CLIENTS}", {"code": twofactor.code_for(TOTP_KEY), "next": CLIENTS}
        )
        self.assertRedirects(response, CLIENTS, fetch_redirect_response=False)
        self.assertEqual(self.client.get(CLIENTS).status_code, 200)

    def test_after_the_code_at_login_care_pages_open(self):
        self.login(self.fay)
        self.assertEqual(self.client.get(CLIENTS).status_code, 200)

    def test_htmx_requests_are_sent_to_the_code_page_as_a_whole_page(self):
        self.client.force_login(self.fay)
        response = self.client.get(CLIENTS, HTTP_HX_REQUEST="true")
        self.assertTrue(response["HX-Redirect"].startswith(CODE))


class StaffTests(InnerchildTestCase):
    def test_staff_without_an_app_are_sent_to_set_it_up_before_the_admin(self):
        staff = make_person(
            "sam@example.org", "Sam", is_staff=True, is_superuser=True, two_step=False
        )
        self.client.force_login(staff)
        response = self.client.get(ADMIN)
        self.assertTrue(response["Location"].startswith(NEEDED))

    def test_staff_with_an_app_give_a_code_before_the_admin(self):
        staff = make_person("sam@example.org", "Sam", is_staff=True, is_superuser=True)
        self.client.force_login(staff)
        self.assertTrue(self.client.get(ADMIN)["Location"].startswith(CODE))
        self.login(staff)
        self.assertEqual(self.client.get(ADMIN).status_code, 200)

    def test_the_admins_own_login_form_leads_to_ours(self):
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(
            response, f"{reverse('accounts:login')}?next=%2Fadmin%2F", fetch_redirect_response=False
        )

    def test_a_member_never_needs_it(self):
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(reverse("care:my_care")).status_code, 200)
        self.assertFalse(twofactor.two_step_required(self.alice))
        self.assertTrue(twofactor.two_step_required(self.fay))

    def test_staff_can_remove_a_persons_app_but_never_see_its_key(self):
        staff = make_person("sam@example.org", "Sam", is_staff=True, is_superuser=True)
        self.login(staff)
        device = self.fay.authenticatordevice_set.get()
        listing = self.client.get("/admin/accounts/authenticatordevice/")
        self.assertContains(listing, "Fay")
        page = self.client.get(f"/admin/accounts/authenticatordevice/{device.pk}/change/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, TOTP_KEY)
        self.client.post(
            f"/admin/accounts/authenticatordevice/{device.pk}/delete/", {"post": "yes"}
        )
        self.assertFalse(twofactor.has_two_step(self.fay))


class ApiTests(InnerchildTestCase):
    def test_a_session_without_the_code_cannot_make_tokens_or_read_clients_through_the_api(self):
        self.client.force_login(self.fay)
        tokens = self.client.get(reverse("api:tokens"))
        self.assertTrue(tokens["Location"].startswith(CODE))
        response = self.client.get("/api/v1/care/clients/")
        self.assertEqual(response.status_code, 403)
        self.assertIn("two-step sign-in", response.json()["detail"])
        self.login(self.fay)
        self.assertEqual(self.client.get("/api/v1/care/clients/").status_code, 200)
        self.assertEqual(self.client.get(reverse("api:tokens")).status_code, 200)
