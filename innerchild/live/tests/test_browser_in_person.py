"""An in-person session: the facilitator's screen drives the script, the member uses a phone."""

from __future__ import annotations

import pytest

from innerchild.live.tests.conftest import assert_no_page_problems

pytestmark = pytest.mark.browser


def test_the_member_joins_from_a_phone_with_the_code_and_rates_from_there(
    media_browser, served_room, axe_check
):
    room = served_room(mode="in_person")
    facilitator = room.context(media_browser, room.seed["facilitator"])
    phone_context = media_browser.new_context(
        base_url=room.url, locale="en-US", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone_context.add_cookies(
        [{"name": room.seed["cookie"], "value": room.seed["members"][0], "url": room.url}]
    )
    fay = facilitator.new_page()
    fay.goto(room.room_path)
    fay.locator("#live-status").filter(has_text="Connected").wait_for()
    code = fay.locator("#live-join-code").inner_text()
    assert len(code) == 6
    assert fay.locator("#live-local").count() == 0, "no video in the same room"

    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto("/live/join/")
    axe_check(phone)
    phone.fill("#id_code", code.lower())
    phone.get_by_role("button", name="Join", exact=True).click()
    phone.locator("#live-stage").wait_for(state="visible")
    axe_check(phone)

    fay.select_option("#live-script-choice", "safe-place")
    fay.click("text=Start this script")
    phone.locator("#live-script-where").filter(has_text="Step 1 of").wait_for()
    phone.click(".live-rating[data-rating='3']")
    fay.locator("#live-timeline").filter(has_text="Distress 3 of 10").wait_for()
    axe_check(fay)

    phone_context.close()
    facilitator.close()
    assert_no_page_problems(facilitator)
