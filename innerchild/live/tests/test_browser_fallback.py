"""Without a camera the room falls back to sound only, and without a microphone to chat only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from innerchild.live.tests.conftest import assert_no_page_problems

pytestmark = pytest.mark.browser

# As on a device without a camera (or a microphone): asking for one fails as browsers fail it.
NO_DEVICE = """(() => {
  if (!navigator.mediaDevices) return;
  const missing = new Set(%s);
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    if ((constraints.video && missing.has("video")) || (constraints.audio && missing.has("audio"))) {
      return Promise.reject(new DOMException("Requested device not found", "NotFoundError"));
    }
    return original(constraints);
  };
})();"""

CONNECTED_WITH_SOUND_ONLY_FROM_MEMBER = """() => {
  const live = window.innerchildLive;
  if (!live || live.peers.size !== 1) return false;
  const peer = Array.from(live.peers.values())[0];
  if (!peer.pc || peer.pc.connectionState !== "connected") return false;
  const kinds = peer.stream.getTracks().filter((t) => t.readyState === "live").map((t) => t.kind);
  return kinds.includes("audio");
}"""


def _meet(room, media_browser, missing, facilitator_script=None):
    facilitator = room.context(media_browser, room.seed["facilitator"])
    if facilitator_script:
        facilitator.add_init_script(facilitator_script)
    member = room.context(media_browser, room.seed["members"][0])
    member.add_init_script(NO_DEVICE % repr(missing).replace("'", '"'))
    fay, alice = facilitator.new_page(), member.new_page()
    fay.goto(room.room_path)
    fay.locator("#live-status").filter(has_text="Connected").wait_for()
    alice.goto(room.room_path)
    alice.locator("#live-status").filter(has_text="Connected").wait_for()
    fay.get_by_role("button", name="Admit Alice").click()
    alice.locator("#live-stage").wait_for(state="visible")
    return facilitator, member, fay, alice


def test_without_a_camera_the_member_is_heard_and_told_it_is_sound_only(media_browser, served_room):
    room = served_room()
    facilitator, member, fay, alice = _meet(room, media_browser, ["video"])
    alice.locator("#live-media-device").filter(has_text="audio only").wait_for()
    fay.wait_for_function(CONNECTED_WITH_SOUND_ONLY_FROM_MEMBER, timeout=30_000)
    assert alice.locator("#live-cam").is_disabled()
    for context in (facilitator, member):
        context.close()
        assert_no_page_problems(context)


def test_without_camera_or_microphone_the_member_can_still_talk_in_the_chat(
    media_browser, served_room
):
    room = served_room()
    facilitator, member, fay, alice = _meet(room, media_browser, ["video", "audio"])
    alice.locator("#live-media-device").filter(has_text="talk in the chat").wait_for()
    alice.fill("#live-chat-text", "I can only type today")
    alice.click("#live-chat-form button")
    fay.locator("#live-chat-log").filter(has_text="Alice: I can only type today").wait_for()
    for context in (facilitator, member):
        context.close()
        assert_no_page_problems(context)


# As when the camera is unplugged or its permission taken back: the browser ends the track.
LOSE_CAMERA = """() => {
  const track = document.getElementById("live-local").srcObject.getVideoTracks()[0];
  track.stop();
  track.dispatchEvent(new Event("ended"));
}"""


def test_losing_the_camera_mid_session_keeps_the_sound_and_says_so(media_browser, served_room):
    room = served_room()
    facilitator, member, fay, alice = _meet(room, media_browser, [])
    fay.wait_for_function(CONNECTED_WITH_SOUND_ONLY_FROM_MEMBER, timeout=30_000)
    expect(alice.locator("#live-cam")).to_be_enabled()
    alice.evaluate(LOSE_CAMERA)
    expect(alice.locator("#live-media-device")).to_have_text(
        "The camera stopped: you are on audio only now."
    )
    expect(alice.locator("#live-cam")).to_be_disabled()
    # The connection and the member's sound go on.
    fay.wait_for_function(CONNECTED_WITH_SOUND_ONLY_FROM_MEMBER, timeout=30_000)
    alice.fill("#live-chat-text", "Can you still hear me?")
    alice.click("#live-chat-form button")
    fay.locator("#live-chat-log").filter(has_text="Alice: Can you still hear me?").wait_for()
    for context in (facilitator, member):
        context.close()
        assert_no_page_problems(context)


# The screen the facilitator shares: a plain magenta picture, easy to tell from the fake camera.
MAGENTA_SCREEN = """(() => {
  if (!navigator.mediaDevices) return;
  navigator.mediaDevices.getDisplayMedia = () => {
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext("2d");
    const paint = () => { context.fillStyle = "#ff00ff"; context.fillRect(0, 0, 320, 240); };
    paint();
    setInterval(paint, 100);
    return Promise.resolve(canvas.captureStream(10));
  };
})();"""

# Whether the member's video of the facilitator shows the magenta screen now (or not).
SHOWS_MAGENTA = """(wanted) => {
  const video = document.querySelector("#live-remotes video");
  if (!video || video.readyState < 2 || !video.videoWidth) return false;
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext("2d");
  context.drawImage(video, 0, 0);
  const [r, g, b] = context.getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data;
  const magenta = r > 200 && g < 60 && b > 200;
  return magenta === wanted;
}"""


def test_the_facilitator_shares_a_screen_and_stops(media_browser, served_room):
    room = served_room()
    facilitator, member, fay, alice = _meet(room, media_browser, [], MAGENTA_SCREEN)
    alice.wait_for_function(SHOWS_MAGENTA, arg=False, timeout=30_000)
    share = fay.locator("#live-share")
    share.click()
    expect(share).to_have_attribute("aria-pressed", "true")
    alice.wait_for_function(SHOWS_MAGENTA, arg=True, timeout=30_000)
    share.click()
    expect(share).to_have_attribute("aria-pressed", "false")
    alice.wait_for_function(SHOWS_MAGENTA, arg=False, timeout=30_000)
    expect(alice.locator("#live-share")).to_have_count(0)  # members do not share screens
    for context in (facilitator, member):
        context.close()
        assert_no_page_problems(context)
