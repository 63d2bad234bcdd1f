"""Two browsers made to talk only through our TURN server (coturn with use-auth-secret)."""

import tempfile
import time
from pathlib import Path

import pytest
from django.test import override_settings

from innerchild.accounts.models import User
from innerchild.live.testing import TURNSERVER, Coturn, require
from innerchild.live.turn import ice_servers_for

SECRET = "relay-test-shared-secret"

pytestmark = [pytest.mark.browser, pytest.mark.urls("innerchild.live.tests.relay_urls")]


@pytest.fixture(scope="module")
def coturn():
    require(TURNSERVER)
    with tempfile.TemporaryDirectory() as workdir, Coturn(Path(workdir), secret=SECRET) as server:
        yield server


@pytest.fixture
def relay_only(coturn):
    """`relay_only(person)`: the RTCPeerConnection config the app would give them, relay forced."""
    with override_settings(
        STUN_URLS=[], TURN_URLS=[coturn.url], TURN_SECRET=SECRET, TURN_CREDENTIAL_TTL=600
    ):

        def config(person):
            return {"iceServers": ice_servers_for(person), "iceTransportPolicy": "relay"}

        yield config


@pytest.fixture
def second_page(page):
    other = page.context.new_page()
    errors = []
    other.on("pageerror", lambda exc: errors.append(str(exc)))
    other.on("console", lambda msg: errors.append(msg.text) if "Refused to" in msg.text else None)
    other.set_default_timeout(10_000)
    yield other
    assert not errors, f"JavaScript errors or CSP violations on the second page: {errors}"


ALICE = User(pk=1001, email="alice@example.org", display_name="Alice")
BOB = User(pk=1002, email="bob@example.org", display_name="Bob")


def test_two_people_forced_through_turn_connect_and_see_each_other(
    page, second_page, relay_only, coturn, axe_check
):
    allocations_before = coturn.allocations_seen()
    page.goto("/live/relay-test/")
    second_page.goto("/live/relay-test/")

    offer = page.evaluate("config => relayTest.offer(config)", relay_only(ALICE))
    assert "typ relay" in offer["sdp"]
    assert "typ host" not in offer["sdp"]
    answer = second_page.evaluate(
        "([config, offer]) => relayTest.answer(config, offer)", [relay_only(BOB), offer]
    )
    page.evaluate("answer => relayTest.accept(answer)", answer)

    for each in (page, second_page):
        each.wait_for_function("() => relayTest.state() === 'connected'", timeout=20_000)
        assert each.locator("#state").inner_text() == "connected"
        pair = each.evaluate("relayTest.selectedPair()")
        assert pair["local"] == "relay", pair
        assert pair["remote"] == "relay", pair
        assert pair["localAddress"].startswith("127."), pair
        each.wait_for_function(
            "() => relayTest.received().then(f => f.video >= 10 && f.audio >= 10)",
            timeout=15_000,
        )
    assert coturn.allocations_seen() >= allocations_before + 2
    axe_check(page)


def test_a_credential_signed_with_another_secret_gets_no_relay(page, coturn, relay_only):
    page.goto("/live/relay-test/")
    with override_settings(TURN_SECRET="not-the-secret-coturn-knows"):
        config = {"iceServers": ice_servers_for(ALICE), "iceTransportPolicy": "relay"}
    offer = page.evaluate("config => relayTest.offer(config)", config)
    assert "typ relay" not in offer["sdp"]


def test_turn_sees_an_expiring_opaque_username_and_never_an_email(page, coturn, relay_only):
    page.goto("/live/relay-test/")
    config = relay_only(ALICE)
    page.evaluate("config => relayTest.offer(config)", config)
    username = config["iceServers"][0]["username"]
    for _ in range(50):
        log = coturn.log_tail(100_000)
        if username in log:
            break
        time.sleep(0.1)
    assert username in log
    assert "alice" not in log.lower()
