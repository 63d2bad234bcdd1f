import uuid

from django.test import RequestFactory, SimpleTestCase, override_settings

from innerchild.accounts.tests.test_login import fresh_address
from innerchild.core.client import client_address
from innerchild.core.testing import PASSWORD, InnerchildTestCase, make_person

PROXY = "127.0.0.1"
WRONG = "a-wrong-guess"


def new_email() -> str:
    return f"{uuid.uuid4().hex}@example.org"


@override_settings(LOGIN_RATE_PER_ACCOUNT="3/10m", LOGIN_RATE_PER_IP="6/10m")
class LoginLimitTests(InnerchildTestCase):
    """Without a proxy: the address is the connection's own."""

    def attempt(self, email: str, ip: str, password: str = WRONG, **headers):
        return self.client.post(
            "/accounts/login/",
            {"username": email, "password": password},
            REMOTE_ADDR=ip,
            **headers,
        )

    def test_it_slows_down_one_address_trying_many_accounts(self):
        address = fresh_address()
        for _ in range(6):
            self.assertEqual(self.attempt(new_email(), address).status_code, 422)
        response = self.attempt(new_email(), address)
        self.assertContains(response, "Please wait a little", status_code=429)

    def test_it_slows_down_guessing_one_account_from_one_address(self):
        target, address = new_email(), fresh_address()
        for _ in range(3):
            self.assertEqual(self.attempt(target, address).status_code, 422)
        self.assertEqual(self.attempt(target, address).status_code, 429)

    def test_a_guessed_out_account_refuses_every_address_that_failed_recently(self):
        person = make_person(new_email(), "Target")
        guesser = fresh_address()
        for _ in range(3):
            self.attempt(person.email, guesser)
        self.assertEqual(self.attempt(person.email, guesser, PASSWORD).status_code, 429)
        other_guesser = fresh_address()
        self.attempt(new_email(), other_guesser)
        self.assertEqual(self.attempt(person.email, other_guesser).status_code, 429)

    def test_the_owner_still_logs_in_while_someone_guesses_their_password(self):
        person = make_person(new_email(), "Owner")
        for _ in range(10):
            self.attempt(person.email, fresh_address())
        response = self.attempt(person.email, fresh_address(), PASSWORD)
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

    def test_an_owner_who_mistyped_gets_in_at_once_after_resetting_by_the_emailed_link(self):
        from django.core import mail

        person = make_person(new_email(), "Owner")
        home = fresh_address()
        self.attempt(person.email, home)  # the owner mistypes once
        for _ in range(5):
            self.attempt(person.email, fresh_address())  # someone guesses from elsewhere
        self.assertEqual(self.attempt(person.email, home, PASSWORD).status_code, 429)

        self.client.post("/accounts/password-reset/", {"email": person.email}, REMOTE_ADDR=home)
        link = next(
            line for line in mail.outbox[-1].body.splitlines() if "/password-reset/" in line
        )
        form = self.client.get(link.split("testserver", 1)[1], follow=True, REMOTE_ADDR=home)
        fresh = "a-fresh-new-secret-7"
        self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": fresh, "new_password2": fresh},
            REMOTE_ADDR=home,
        )
        response = self.attempt(person.email, home, fresh)
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

        # Another browser at the same address, or a made-up cookie, is still held back.
        self.client.logout()  # a fresh cookie jar: another browser
        self.assertNotIn("login_unlock", self.client.cookies)
        self.assertEqual(self.attempt(person.email, home, fresh).status_code, 429)
        self.client.cookies["login_unlock"] = person.email
        self.assertEqual(self.attempt(person.email, home, fresh).status_code, 429)

    def test_successful_logins_do_not_count(self):
        person = make_person(new_email(), "Often")
        address = fresh_address()
        for _ in range(12):
            response = self.attempt(person.email, address, PASSWORD)
            self.assertEqual(response.status_code, 302)
            self.client.logout()

    def test_a_forged_forwarded_header_is_ignored_without_a_trusted_proxy(self):
        address = fresh_address()
        for number in range(6):
            self.attempt(new_email(), address, HTTP_X_FORWARDED_FOR=f"192.0.2.{number + 1}")
        response = self.attempt(new_email(), address, HTTP_X_FORWARDED_FOR="192.0.2.99")
        self.assertEqual(response.status_code, 429)

    def test_another_address_and_account_are_not_affected(self):
        address = fresh_address()
        for _ in range(6):
            self.attempt(new_email(), address)
        response = self.attempt("bob@example.org", fresh_address(), PASSWORD)
        self.assertEqual(response.status_code, 302)


@override_settings(
    LOGIN_RATE_PER_ACCOUNT="3/10m", LOGIN_RATE_PER_IP="6/10m", TRUSTED_PROXIES=[PROXY]
)
class LoginLimitsBehindAProxyTests(LoginLimitTests):
    """Behind the proxy every request comes from PROXY; the client is in X-Forwarded-For."""

    def attempt(self, email: str, ip: str, password: str = WRONG, **headers):
        forwarded = headers.pop("HTTP_X_FORWARDED_FOR", None)
        # A client may send its own header; the proxy appends the address it saw.
        chain = f"{forwarded}, {ip}" if forwarded else ip
        return self.client.post(
            "/accounts/login/",
            {"username": email, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=chain,
        )

    def test_many_people_behind_the_proxy_do_not_share_one_limit(self):
        for _ in range(25):
            self.assertEqual(self.attempt(new_email(), fresh_address()).status_code, 422)
        response = self.attempt("bob@example.org", fresh_address(), PASSWORD)
        self.assertEqual(response.status_code, 302)


@override_settings(RESET_RATE_PER_IP="2/h", RESET_RATE_PER_ACCOUNT="100/h", TRUSTED_PROXIES=[PROXY])
class ResetLimitBehindAProxyTests(InnerchildTestCase):
    def reset(self, client_ip: str):
        return self.client.post(
            "/accounts/password-reset/",
            {"email": new_email()},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=client_ip,
        )

    def test_reset_requests_are_counted_per_client_not_per_proxy(self):
        first = fresh_address()
        for _ in range(2):
            self.assertEqual(self.reset(first).status_code, 302)
        self.assertEqual(self.reset(first).status_code, 429)
        self.assertEqual(self.reset(fresh_address()).status_code, 302)


class ClientAddressTests(SimpleTestCase):
    def address(self, remote: str, forwarded: str | None = None) -> str:
        headers = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_address(RequestFactory().get("/", **headers))

    def test_without_trusted_proxies_it_is_the_connection_address(self):
        self.assertEqual(self.address("203.0.113.5", "198.51.100.1"), "203.0.113.5")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_it_takes_the_nearest_hop_that_is_not_a_trusted_proxy(self):
        self.assertEqual(
            self.address("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.9"), "198.51.100.1"
        )

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_a_request_not_from_a_trusted_proxy_cannot_choose_its_address(self):
        self.assertEqual(self.address("203.0.113.5", "198.51.100.1"), "203.0.113.5")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_garbage_in_the_header_does_not_hide_the_real_client(self):
        self.assertEqual(self.address("10.0.0.2", "198.51.100.1, not-an-ip"), "10.0.0.2")
        self.assertEqual(self.address("10.0.0.2", "junk, 198.51.100.7"), "198.51.100.7")
        self.assertEqual(self.address("10.0.0.2", ""), "10.0.0.2")

    @override_settings(TRUSTED_PROXIES=["::1", "127.0.0.1"])
    def test_it_understands_ipv6_and_ports(self):
        self.assertEqual(self.address("::1", "[2001:db8::7]:443"), "2001:db8::7")
        self.assertEqual(self.address("127.0.0.1", "198.51.100.1:5000"), "198.51.100.1")

    def test_a_bad_trusted_proxy_stops_startup_naming_the_setting(self):
        from django.core.exceptions import ImproperlyConfigured

        from innerchild.core.client import parse_networks

        with self.assertRaisesMessage(ImproperlyConfigured, "TRUSTED_PROXIES"):
            parse_networks(["10.0.0.0/33"])
