import base64
import hashlib
import hmac
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime

import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings

from innerchild.core.testing import InnerchildTestCase
from innerchild.live.turn import check_ice_settings, ice_servers_for

SECRET = "a-shared-turn-secret-for-tests"
NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@override_settings(
    STUN_URLS=["stun:turn.example.org:3478"],
    TURN_URLS=["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
    TURN_SECRET=SECRET,
    TURN_CREDENTIAL_TTL=3600,
)
class IceServersTests(InnerchildTestCase):
    def turn_entry(self, user):
        return ice_servers_for(user)[1]

    def test_it_lists_stun_then_turn_with_every_configured_url(self):
        servers = ice_servers_for(self.alice)
        self.assertEqual(servers[0], {"urls": ["stun:turn.example.org:3478"]})
        self.assertEqual(
            servers[1]["urls"],
            ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
        )

    @time_machine.travel(NOON, tick=False)
    def test_the_credential_expires_one_ttl_from_now(self):
        expiry = int(self.turn_entry(self.alice)["username"].split(":")[0])
        self.assertEqual(expiry, int(NOON.timestamp()) + 3600)

    @time_machine.travel(NOON, tick=False)
    @override_settings(TURN_CREDENTIAL_TTL=600)
    def test_a_shorter_ttl_gives_an_earlier_expiry(self):
        expiry = int(self.turn_entry(self.alice)["username"].split(":")[0])
        self.assertEqual(expiry, int(NOON.timestamp()) + 600)

    def test_the_credential_is_the_hmac_coturn_computes(self):
        entry = self.turn_entry(self.alice)
        expected = base64.b64encode(
            hmac.new(SECRET.encode(), entry["username"].encode(), hashlib.sha1).digest()
        ).decode()
        self.assertEqual(entry["credential"], expected)

    def test_a_different_secret_gives_a_credential_coturn_would_refuse(self):
        entry = self.turn_entry(self.alice)
        with override_settings(TURN_SECRET="another-secret-entirely"):
            other = self.turn_entry(self.alice)
        self.assertEqual(entry["username"], other["username"])
        self.assertNotEqual(entry["credential"], other["credential"])

    def test_the_username_holds_nothing_personal(self):
        username = self.turn_entry(self.alice)["username"]
        opaque = username.split(":", 1)[1]
        for personal in ("alice", "Alice", "example.org", "@"):
            self.assertNotIn(personal, username)
        self.assertNotEqual(opaque, str(self.alice.pk))

    def test_each_person_gets_their_own_stable_username(self):
        alice_first = self.turn_entry(self.alice)["username"].split(":", 1)[1]
        alice_again = self.turn_entry(self.alice)["username"].split(":", 1)[1]
        bob = self.turn_entry(self.bob)["username"].split(":", 1)[1]
        self.assertEqual(alice_first, alice_again)
        self.assertNotEqual(alice_first, bob)


class WithoutIceServersTests(InnerchildTestCase):
    @override_settings(STUN_URLS=[], TURN_URLS=[], TURN_SECRET="")
    def test_without_stun_or_turn_peers_get_no_ice_servers(self):
        self.assertEqual(ice_servers_for(self.alice), [])

    @override_settings(STUN_URLS=["stun:stun.example.org"], TURN_URLS=[], TURN_SECRET="")
    def test_stun_alone_carries_no_credential(self):
        self.assertEqual(ice_servers_for(self.alice), [{"urls": ["stun:stun.example.org"]}])


class IceSettingsCheckTests(SimpleTestCase):
    def assert_refused(self, fragment, **kwargs):
        values = {"stun_urls": [], "turn_urls": [], "turn_secret": "", "ttl": 3600, **kwargs}
        with self.assertRaisesMessage(ImproperlyConfigured, fragment) as caught:
            check_ice_settings(**values)
        self.assertNotIn("\n", str(caught.exception))

    def test_it_refuses_turn_urls_without_a_secret(self):
        self.assert_refused("TURN_SECRET", turn_urls=["turn:turn.example.org"])

    def test_it_refuses_a_secret_without_turn_urls(self):
        self.assert_refused("TURN_URLS is empty", turn_secret=SECRET)

    def test_it_refuses_a_short_secret(self):
        self.assert_refused("at least 16", turn_urls=["turn:t.example.org"], turn_secret="short")

    def test_it_refuses_a_turn_url_given_as_a_web_address(self):
        self.assert_refused(
            "turn: or turns:", turn_urls=["https://turn.example.org"], turn_secret=SECRET
        )

    def test_it_refuses_a_stun_url_without_its_scheme(self):
        self.assert_refused("stun: or stuns:", stun_urls=["turn.example.org:3478"])

    def test_it_refuses_a_ttl_of_a_month(self):
        self.assert_refused("TURN_CREDENTIAL_TTL", ttl=30 * 24 * 3600)

    def test_it_accepts_a_complete_configuration(self):
        check_ice_settings(["stun:t.example.org"], ["turns:t.example.org:5349"], SECRET, 3600)


class StartupTests(SimpleTestCase):
    def test_the_server_refuses_to_start_with_one_clear_line_about_the_turn_secret(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TURN_", "STUN_"))}
        env.update(TURN_URLS="turn:turn.example.org:3478")
        env.pop("DJANGO_SETTINGS_MODULE", None)
        result = subprocess.run(
            [sys.executable, "-m", "innerchild.cli", "check"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertNotEqual(result.returncode, 0)
        lines = [line for line in result.stderr.splitlines() if "TURN_SECRET" in line]
        self.assertEqual(len(lines), 1, result.stderr)

    def test_the_secret_may_come_from_a_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".secret") as handle:
            handle.write(SECRET + "\n")
            handle.flush()
            env = {k: v for k, v in os.environ.items() if not k.startswith(("TURN_", "STUN_"))}
            env.update(TURN_URLS="turn:turn.example.org:3478", TURN_SECRET_FILE=handle.name)
            env.pop("DJANGO_SETTINGS_MODULE", None)
            result = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='innerchild.settings';"
                    "django.setup(); from django.conf import settings; print(settings.TURN_SECRET)",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
        self.assertEqual(result.stdout.strip(), SECRET, result.stderr)
