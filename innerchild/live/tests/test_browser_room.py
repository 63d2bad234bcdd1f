"""Two people in two real Chromium contexts with fake camera and microphone, through the whole room."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from innerchild.live.tests.conftest import assert_no_page_problems

pytestmark = pytest.mark.browser

CONNECTED_WITH_VIDEO = """() => {
  const live = window.innerchildLive;
  if (!live || live.peers.size !== 1) return false;
  const peer = Array.from(live.peers.values())[0];
  if (!peer.pc || peer.pc.connectionState !== "connected") return false;
  const video = document.querySelector("#live-remotes video");
  return !!video && video.readyState >= 2 && !video.paused && video.videoWidth > 0;
}"""


def test_a_facilitator_and_a_member_meet_talk_follow_the_script_and_rejoin_after_a_restart(
    media_browser, served_room, axe_check
):
    room = served_room()
    facilitator = room.context(media_browser, room.seed["facilitator"])
    member = room.context(media_browser, room.seed["members"][0])
    fay = facilitator.new_page()
    alice = member.new_page()

    fay.goto(room.room_path)
    fay.locator("#live-status").filter(has_text="Connected").wait_for()
    alice.goto(room.room_path)
    alice.locator("#live-status").filter(has_text="Connected").wait_for()
    axe_check(alice)

    # The member says where she is, checks her camera and says she is ready.
    alice.select_option("#live-country", "GB")
    alice.fill("#live-city", "Leeds")
    alice.check("#live-private")
    alice.click("text=Confirm where I am")
    alice.click("#live-check-button")
    alice.click("#live-ready")
    waiting = fay.locator("#live-people li").filter(has_text="Alice")
    waiting.filter(has_text="Leeds, GB").filter(has_text="somewhere private").filter(
        has_text="Ready"
    ).wait_for()
    axe_check(fay)

    waiting.get_by_role("button", name="Admit Alice").click()
    alice.locator("#live-stage").wait_for(state="visible")
    expect(alice.locator("#live-waiting")).to_be_hidden()
    fay.wait_for_function(CONNECTED_WITH_VIDEO, timeout=30_000)
    alice.wait_for_function(CONNECTED_WITH_VIDEO, timeout=30_000)
    assert "Nothing is recorded." in alice.locator(".live-recording").inner_text()

    alice.fill("#live-chat-text", "Hello, I made it")
    alice.click("#live-chat-form button")
    fay.locator("#live-chat-log").filter(has_text="Alice: Hello, I made it").wait_for()
    fay.fill("#live-chat-text", "Welcome, Alice")
    fay.click("#live-chat-form button")
    alice.locator("#live-chat-log").filter(has_text="Fay: Welcome, Alice").wait_for()

    fay.select_option("#live-script-choice", "safe-place")
    fay.click("text=Start this script")
    alice.locator("#live-script-where").filter(has_text="Step 1 of").wait_for()
    next_title = fay.locator("#live-next strong").inner_text()
    fay.click("#live-next-step")
    alice.locator("#live-script-where").filter(has_text="Step 2 of").wait_for()
    assert alice.locator("#live-step-title").inner_text() == next_title

    alice.click(".live-rating[data-rating='8']")
    fay.locator("#live-timeline").filter(has_text="Distress 8 of 10").wait_for()
    fay.locator("#live-prompt").filter(
        has_text="Distress is 8: consider grounding before going on."
    ).wait_for()

    alice.click("#live-break")
    alice.locator("#live-grounding").wait_for(state="visible")
    for page in (fay, alice):
        page.locator("#live-script-paused").filter(has_text="asked for a break").wait_for()
    axe_check(alice)
    axe_check(fay)

    alice.reload()
    alice.locator("#live-stage").wait_for(state="visible")
    alice.locator("#live-script-where").filter(has_text="Step 2 of").wait_for()
    assert alice.locator("#live-step-title").inner_text() == next_title
    alice.locator("#live-chat-log").filter(has_text="Fay: Welcome, Alice").wait_for()
    alice.locator("#live-script-paused").filter(has_text="asked for a break").wait_for()
    fay.wait_for_function(CONNECTED_WITH_VIDEO, timeout=30_000)
    alice.wait_for_function(CONNECTED_WITH_VIDEO, timeout=30_000)

    # The server restarts: both pages reconnect by themselves to the same room, no reload.
    room.stop()
    for page in (fay, alice):
        page.locator("#live-status").filter(has_text="Reconnecting").wait_for()
    room.start()
    for page in (fay, alice):
        page.locator("#live-status").filter(has_text="Connected").wait_for(timeout=30_000)
        page.locator("#live-script-where").filter(has_text="Step 2 of").wait_for()
    fay.fill("#live-chat-text", "Still with you")
    fay.click("#live-chat-form button")
    alice.locator("#live-chat-log").filter(has_text="Fay: Still with you").wait_for()
    assert alice.locator("#live-chat-log li").count() == 3
    fay.wait_for_function(CONNECTED_WITH_VIDEO, timeout=30_000)
    alice.wait_for_function(CONNECTED_WITH_VIDEO, timeout=30_000)

    # Alice's latest rating (8) is at the threshold: Next step asks first, the second press goes on.
    fay.click("#live-next-step")
    expect(fay.locator("#live-step-check")).to_contain_text("Alice is at 8 (threshold 8)")
    expect(alice.locator("#live-script-where")).to_contain_text("Step 2 of")
    axe_check(fay)
    fay.click("#live-next-step")
    expect(alice.locator("#live-script-where")).to_contain_text("Step 3 of")
    expect(fay.locator("#live-step-check")).to_be_hidden()

    for context in (facilitator, member):
        context.close()
        assert_no_page_problems(context)
