"""A group of three in Chromium without a media server: every pair connects peer to peer."""

from __future__ import annotations

import pytest

from innerchild.live.tests.conftest import assert_no_page_problems

pytestmark = pytest.mark.browser

CONNECTED_TO_TWO = """() => {
  const live = window.innerchildLive;
  if (!live || live.peers.size !== 2) return false;
  const peers = Array.from(live.peers.values());
  if (!peers.every((p) => p.pc && p.pc.connectionState === "connected")) return false;
  const videos = Array.from(document.querySelectorAll("#live-remotes video"));
  return videos.length === 2 && videos.every((v) => v.readyState >= 2 && v.videoWidth > 0);
}"""


def test_three_people_see_and_hear_each_other_as_a_mesh(media_browser, served_room):
    room = served_room(members=2)
    contexts = [room.context(media_browser, room.seed["facilitator"])] + [
        room.context(media_browser, key) for key in room.seed["members"]
    ]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        page.goto(room.room_path)
        page.locator("#live-status").filter(has_text="Connected").wait_for()
    facilitator = pages[0]
    for name in ("Alice", "Member 1"):
        facilitator.get_by_role("button", name=f"Admit {name}").click()
    for page in pages:
        page.wait_for_function(CONNECTED_TO_TWO, timeout=45_000)
    for context in contexts:
        context.close()
        assert_no_page_problems(context)
