import re

from django.core import mail
from django.test import TestCase, override_settings

from innerchild.accounts.models import User
from innerchild.accounts.tests.test_signup import PASSWORD, signup_data
from innerchild.core import jobs
from innerchild.core.testing import PASSWORD as MADE_PASSWORD
from innerchild.core.testing import make_person


def emailed_link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


class SignUpDisclosureTests(TestCase):
    def sign_up(self, **overrides):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/accounts/signup/", signup_data(**overrides))
        jobs.run_due_jobs()
        return response

    def test_a_taken_address_gets_the_same_answer_as_a_new_one(self):
        make_person("taken@example.org", "Taken")
        new = self.sign_up(email="fresh@example.org")
        taken = self.sign_up(email="Taken@Example.org")
        self.assertEqual(new.status_code, taken.status_code)
        self.assertEqual(new["Location"], taken["Location"])
        page_new = self.client.get(new["Location"]).content
        page_taken = self.client.get(taken["Location"]).content
        self.assertEqual(page_new, page_taken)
        self.assertNotContains(self.client.get(taken["Location"]), "already exists")

    def test_the_owner_of_a_taken_address_is_told_how_to_log_in_or_reset(self):
        make_person("taken@example.org", "Taken")
        self.sign_up(email="taken@example.org")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["taken@example.org"])
        self.assertIn("already have", message.subject)
        self.assertIn("/accounts/login/", message.body)
        self.assertIn("/accounts/password-reset/", message.body)
        # The existing account is untouched: its password still works.
        self.assertTrue(User.objects.get(email="taken@example.org").check_password(MADE_PASSWORD))

    def test_a_new_address_is_asked_to_confirm(self):
        self.sign_up()
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Confirm your email address", mail.outbox[0].subject)
        self.assertIn("/accounts/confirm/", mail.outbox[0].body)

    def test_a_pending_account_cannot_log_in_before_confirming(self):
        self.sign_up()
        response = self.client.post(
            "/accounts/login/", {"username": "jo@example.org", "password": PASSWORD}
        )
        self.assertContains(response, "confirm your email address first", status_code=422)
        self.assertContains(response, "/accounts/signup/resend/", status_code=422)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_wrong_password_on_a_pending_account_says_nothing_about_it(self):
        self.sign_up()
        response = self.client.post(
            "/accounts/login/", {"username": "jo@example.org", "password": "not-it-at-all"}
        )
        self.assertContains(response, "do not match an account", status_code=422)
        self.assertNotContains(response, "confirm your email", status_code=422)

    def test_the_emailed_link_and_the_password_confirm_and_open_the_account(self):
        self.sign_up()
        link = emailed_link(mail.outbox[0])
        page = self.client.get(link)
        self.assertContains(page, 'value="jo@example.org"')
        response = self.client.post(link, {"username": "jo@example.org", "password": PASSWORD})
        self.assertRedirects(response, "/accounts/onboarding/", fetch_redirect_response=False)
        self.assertTrue(User.objects.get(email="jo@example.org").email_verified)
        self.assertIn("_auth_user_id", self.client.session)
        # Used once: the same link now says it no longer works.
        self.client.logout()
        self.assertContains(self.client.get(link), "no longer works", status_code=404)

    def test_the_link_alone_does_not_open_the_account(self):
        self.sign_up()
        link = emailed_link(mail.outbox[0])
        response = self.client.post(link, {"username": "jo@example.org", "password": "guessing-x"})
        self.assertEqual(response.status_code, 422)
        self.assertFalse(User.objects.get(email="jo@example.org").email_verified)

    def test_a_later_sign_up_replaces_a_pending_one_and_only_its_link_works(self):
        self.sign_up(password1="first-choice-pw-1", password2="first-choice-pw-1")
        self.sign_up(display_name="Joanna")
        first, second = (emailed_link(m) for m in mail.outbox)
        self.assertEqual(self.client.get(first).status_code, 404)
        self.assertEqual(self.client.get(second).status_code, 200)
        self.assertEqual(User.objects.get(email="jo@example.org").display_name, "Joanna")

    def test_a_tampered_link_is_refused(self):
        self.sign_up()
        link = emailed_link(mail.outbox[0])
        self.assertEqual(self.client.get(link[:-3] + "xyz/").status_code, 404)
        self.assertEqual(self.client.get("/accounts/confirm/@@@/abc-def/").status_code, 404)

    def test_resending_answers_the_same_for_every_address(self):
        self.sign_up()
        make_person("taken@example.org", "Taken")
        mail.outbox.clear()
        answers = []
        for email in ("jo@example.org", "taken@example.org", "nobody@example.org"):
            with self.captureOnCommitCallbacks(execute=True):
                answers.append(
                    self.client.post("/accounts/signup/resend/", {"email": email})["Location"]
                )
        jobs.run_due_jobs()
        self.assertEqual(set(answers), {"/accounts/signup/sent/"})
        sent = {m.to[0]: m.subject for m in mail.outbox}
        self.assertIn("Confirm", sent["jo@example.org"])
        self.assertIn("already have", sent["taken@example.org"])
        self.assertNotIn("nobody@example.org", sent)

    def test_a_password_reset_link_also_confirms_the_address(self):
        self.sign_up()
        mail.outbox.clear()
        self.client.post("/accounts/password-reset/", {"email": "jo@example.org"})
        link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
        response = self.client.get(link.split("testserver", 1)[1], follow=True)
        self.client.post(
            response.redirect_chain[-1][0],
            {"new_password1": "a-fresh-new-secret-7", "new_password2": "a-fresh-new-secret-7"},
        )
        self.assertTrue(User.objects.get(email="jo@example.org").email_verified)

    @override_settings(SIGNUP_RATE_PER_ACCOUNT="2/h")
    def test_it_limits_emails_to_one_inbox(self):
        for _ in range(2):
            self.sign_up()
        self.assertEqual(self.sign_up().status_code, 429)
        self.assertEqual(len(mail.outbox), 2)

    def test_people_made_for_tests_and_demos_count_as_confirmed(self):
        from innerchild.accounts.hooks import ensure_demo_people

        self.assertTrue(make_person("made@example.org", "Made").email_verified)
        self.assertTrue(all(person.email_verified for person in ensure_demo_people()))
