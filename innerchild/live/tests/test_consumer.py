"""The room's WebSocket, through the real consumer and channel layer (in memory)."""

from __future__ import annotations

import json
from datetime import timedelta

from channels.db import database_sync_to_async
from django.test import TransactionTestCase, override_settings

from innerchild.core.testing import raw_column_values
from innerchild.live.consumers import CLOSE_ENDED, CLOSE_REFUSED, CLOSE_REPLACED
from innerchild.live.models import Room
from innerchild.live.tests.helpers import Socket, book, enter, enter_both, make_cast


class RefusalTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_a_member_outside_the_booking_is_refused(self):
        self.assertFalse(await Socket(self.bob, self.booking_id).connect())

    async def test_another_facilitator_is_refused(self):
        self.assertFalse(await Socket(self.gus, self.booking_id).connect())

    async def test_a_facilitator_whose_session_has_not_given_the_two_step_code_is_refused(self):
        self.assertFalse(await Socket(self.fay, self.booking_id).connect(passed_two_step=False))

    async def test_nobody_logged_in_is_refused(self):
        self.assertFalse(await Socket(None, self.booking_id).connect())

    async def test_a_booking_that_does_not_exist_is_refused(self):
        self.assertFalse(await Socket(self.fay, "00000000-0000-0000-0000-000000000000").connect())

    async def test_a_room_that_is_not_open_yet_says_so_and_closes(self):
        later = await database_sync_to_async(book)(
            self.fay, [self.alice], starts_in=timedelta(hours=5)
        )
        socket = Socket(self.alice, later)
        self.assertTrue(await socket.connect())
        error = await socket.wait_for("error")
        self.assertEqual(error["code"], "closed")
        self.assertIn("opens shortly before", error["message"])
        self.assertEqual((await socket.receive())["code"], CLOSE_ENDED)


class WaitingRoomTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_a_waiting_member_sees_nothing_of_the_session(self):
        fay, _ = await enter(self.fay, self.booking_id)
        await fay.send("chat", text="Something private before we start")
        await fay.wait_for("chat")
        alice, state = await enter(self.alice, self.booking_id)
        self.assertFalse(state["me"]["admitted"])
        self.assertNotIn("chat", state)
        self.assertNotIn("script", state)
        await alice.send("chat", text="hello?")
        self.assertEqual((await alice.wait_for("error"))["code"], "not_admitted")
        await fay.close()
        await alice.close()

    async def test_the_facilitator_sees_where_the_member_is_and_that_they_are_ready(self):
        fay, _ = await enter(self.fay, self.booking_id)
        alice, _ = await enter(self.alice, self.booking_id)
        await alice.send("location", country="gb", city="Leeds", private=True)
        await alice.send("ready", ready=True)
        for _ in range(10):
            people = (await fay.wait_for("people"))["people"]
            # An update sent before Alice came in does not list her yet.
            member = next((p for p in people if p["id"] == self.alice.pk), None)
            if member is not None and member["ready"]:
                break
        self.assertEqual(
            member["location"],
            {"country": "GB", "city": "Leeds", "private": True, "confirmed": True},
        )
        self.assertFalse(member["admitted"])
        await fay.close()
        await alice.close()

    async def test_admitted_member_gets_the_session_and_chat_history(self):
        fay, _ = await enter(self.fay, self.booking_id)
        await fay.send("chat", text="Welcome, take your time")
        await fay.wait_for("chat")
        alice, _ = await enter(self.alice, self.booking_id)
        await fay.send("admit", user=self.alice.pk)
        state = await alice.wait_for("state")
        self.assertTrue(state["me"]["admitted"])
        self.assertEqual([m["text"] for m in state["chat"]], ["Welcome, take your time"])
        await fay.close()
        await alice.close()

    async def test_a_member_cannot_admit_anyone(self):
        fay, alice = await enter_both(self)
        await alice.send("admit", user=self.alice.pk)
        self.assertEqual((await alice.wait_for("error"))["code"], "not_allowed")
        await fay.close()
        await alice.close()


class BadInputTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_a_message_for_another_room_closes_that_socket_only(self):
        fay, alice = await enter_both(self)
        other = await database_sync_to_async(book)(
            self.fay, [self.alice], starts_in=timedelta(hours=2)
        )
        await alice.send_raw(json.dumps({"type": "chat", "room": str(other), "text": "hi"}))
        self.assertEqual((await alice.wait_for("error"))["code"], "wrong_room")
        self.assertEqual((await alice.receive())["code"], CLOSE_REFUSED)
        await fay.send("chat", text="still here")
        self.assertEqual((await fay.wait_for("chat"))["message"]["text"], "still here")
        await fay.close()

    async def test_malformed_and_oversized_messages_are_refused_and_the_room_goes_on(self):
        fay, alice = await enter_both(self)
        for raw, code in (
            ("not json", "malformed"),
            ("[1, 2]", "malformed"),
            (json.dumps({"type": "dance", "room": alice.booking_id}), "unknown_type"),
            (json.dumps({"type": "checkin", "room": alice.booking_id, "rating": 11}), "bad_field"),
            (
                json.dumps({"type": "chat", "room": alice.booking_id, "text": "x" * 40000}),
                "message_too_large",
            ),
        ):
            await alice.send_raw(raw)
            self.assertEqual((await alice.wait_for("error"))["code"], code, raw[:40])
        await alice.send("chat", text="I am still here")
        self.assertEqual((await fay.wait_for("chat"))["message"]["text"], "I am still here")
        await fay.close()
        await alice.close()


class SignallingTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_an_offer_reaches_only_the_person_it_is_addressed_to(self):
        fay, alice = await enter_both(self)
        await fay.send("signal", to=self.alice.pk, data={"kind": "offer", "sdp": "v=0 fake"})
        signal = await alice.wait_for("signal")
        self.assertEqual(signal["from"], self.fay.pk)
        self.assertEqual(signal["data"], {"kind": "offer", "sdp": "v=0 fake"})
        await fay.close()
        await alice.close()

    async def test_a_waiting_member_can_neither_send_nor_receive_signalling(self):
        fay, _ = await enter(self.fay, self.booking_id)
        alice, _ = await enter(self.alice, self.booking_id)
        await fay.send("signal", to=self.alice.pk, data={"kind": "offer", "sdp": "v=0"})
        self.assertEqual((await fay.wait_for("error"))["code"], "peer_gone")
        await alice.send("signal", to=self.fay.pk, data={"kind": "offer", "sdp": "v=0"})
        self.assertEqual((await alice.wait_for("error"))["code"], "not_admitted")
        await fay.close()
        await alice.close()

    async def test_signalling_from_a_replaced_tab_is_ignored(self):
        fay, old_tab = await enter_both(self)
        new_tab, _ = await enter(self.alice, self.booking_id)
        self.assertEqual((await old_tab.wait_for("error"))["code"], "replaced")
        await old_tab.send("signal", to=self.fay.pk, data={"kind": "offer", "sdp": "v=0 old"})
        await new_tab.send("signal", to=self.fay.pk, data={"kind": "offer", "sdp": "v=0 new"})
        signal = await fay.wait_for("signal")
        self.assertEqual(signal["data"]["sdp"], "v=0 new")
        await fay.close()
        await new_tab.close()


class SecondTabTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_a_second_tab_replaces_the_first_cleanly(self):
        fay, first = await enter_both(self)
        second, state = await enter(self.alice, self.booking_id)
        self.assertTrue(state["me"]["admitted"])
        replaced = await first.wait_for("error")
        self.assertEqual(replaced["code"], "replaced")
        self.assertIn("another tab", replaced["message"])
        self.assertEqual((await first.receive())["code"], CLOSE_REPLACED)
        # The old tab going away does not mark alice as gone.
        await first.close()
        await second.send("chat", text="from the new tab")
        await fay.wait_for("chat")
        people = await database_sync_to_async(
            lambda: list(Room.objects.get().participants.values_list("user_id", "online"))
        )()
        self.assertIn((self.alice.pk, True), people)
        await fay.close()
        await second.close()


class ReconnectTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_after_a_dropped_socket_both_sides_find_the_same_step_chat_and_ratings(self):
        fay, alice = await enter_both(self)
        await fay.send("script.pick", script="safe-place")
        await alice.wait_for("script")
        await fay.send("script.step", step=2)
        await alice.wait_for("script")
        await alice.send("chat", text="I am here")
        await fay.wait_for("chat")
        await alice.send("checkin", rating=4)
        await fay.wait_for("checkin")
        await alice.close()
        await fay.close()

        fay, fay_state = await enter(self.fay, self.booking_id)
        alice, alice_state = await enter(self.alice, self.booking_id)
        for state in (fay_state, alice_state):
            self.assertEqual(state["script"]["id"], "safe-place")
            self.assertEqual(state["script"]["step"], 2)
            self.assertEqual([m["text"] for m in state["chat"]], ["I am here"])
            self.assertEqual([c["rating"] for c in state["checkins"]], [4])
        self.assertTrue(alice_state["me"]["admitted"], "no second admission after a reconnect")
        self.assertIn("next", fay_state["script"])
        self.assertNotIn("next", alice_state["script"])
        await fay.close()
        await alice.close()


class ScriptTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_the_members_screen_follows_the_facilitator_who_sees_the_next_step(self):
        fay, alice = await enter_both(self)
        await fay.send("script.pick", script="safe-place")
        fay_view = (await fay.wait_for("script"))["script"]
        alice_view = (await alice.wait_for("script"))["script"]
        self.assertEqual(alice_view["current"], fay_view["current"])
        self.assertNotIn("next", alice_view)
        await fay.send("script.step", step=1)
        fay_view = (await fay.wait_for("script"))["script"]
        alice_view = (await alice.wait_for("script"))["script"]
        self.assertEqual(alice_view["step"], 1)
        self.assertEqual(fay_view["next"]["index"], 2)
        await fay.close()
        await alice.close()

    async def test_a_member_cannot_move_the_script(self):
        fay, alice = await enter_both(self)
        await fay.send("script.pick", script="safe-place")
        await alice.wait_for("script")
        await alice.send("script.step", step=3)
        self.assertEqual((await alice.wait_for("error"))["code"], "not_allowed")
        await fay.close()
        await alice.close()

    async def test_the_members_break_pauses_the_script_on_both_sides(self):
        fay, alice = await enter_both(self)
        await fay.send("script.pick", script="safe-place")
        await alice.wait_for("script")
        await fay.wait_for("script")
        await alice.send("break")
        for socket in (fay, alice):
            script = (await socket.wait_for("script"))["script"]
            self.assertTrue(script["paused"])
            self.assertTrue(script["paused_by_member"])
        self.assertIn("asked for a break", (await fay.wait_for("break"))["message"])
        self.assertIn("Take all the time", (await alice.wait_for("break"))["message"])
        await fay.close()
        await alice.close()

    async def test_the_members_answer_reaches_the_facilitator_and_is_stored_encrypted(self):
        fay, alice = await enter_both(self)
        await fay.send("script.pick", script="safe-place")
        await alice.wait_for("script")
        await alice.send("answer", step=0, text="A quiet beach at dawn")
        answer = await fay.wait_for("answer")
        self.assertEqual(answer["answer"]["text"], "A quiet beach at dawn")
        stored = await database_sync_to_async(raw_column_values)("live_scriptanswer", "body")
        self.assertNotIn("beach", str(stored))
        await fay.close()
        await alice.close()


class ChatTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_chat_goes_both_ways_and_is_stored_encrypted(self):
        fay, alice = await enter_both(self)
        await alice.send("chat", text="My chest feels tight")
        self.assertEqual((await fay.wait_for("chat"))["message"]["text"], "My chest feels tight")
        await fay.send("chat", text="Thank you for telling me")
        self.assertEqual((await alice.wait_for_chat("Thank you for telling me"))["name"], "Fay")
        stored = await database_sync_to_async(raw_column_values)("live_chatmessage", "body")
        self.assertEqual(len(stored), 2)
        self.assertNotIn("chest", str(stored))
        await fay.close()
        await alice.close()

    @override_settings(LIVE_CHAT_PER_MINUTE=5)
    async def test_a_flood_of_messages_is_refused_with_the_text_given_back(self):
        fay, alice = await enter_both(self)
        for number in range(5):
            await alice.send("chat", text=f"message {number}")
            await fay.wait_for_chat(f"message {number}")
        await alice.send("chat", text="one too many")
        refused = await alice.wait_for("error")
        self.assertEqual((refused["code"], refused["text"]), ("chat_too_fast", "one too many"))
        self.assertIn("still in the box", refused["message"])
        stored = await database_sync_to_async(raw_column_values)("live_chatmessage", "body")
        self.assertEqual(len(stored), 5)
        # The facilitator's own messages are counted apart.
        await fay.send("chat", text="Take your time")
        await alice.wait_for_chat("Take your time")
        await fay.close()
        await alice.close()

    async def test_an_urgent_message_shows_the_facilitator_crisis_support_and_the_member_help(
        self,
    ):
        fay, alice = await enter_both(self)
        await alice.send("location", country="GB", city="Leeds", private=True)
        await alice.send("chat", text="I am going to kill myself tonight")
        panel = await fay.wait_for("crisis_panel")
        self.assertEqual(panel["lines"]["country"], "GB")
        self.assertIn("Alice", panel["message"])
        crisis = await alice.wait_for("crisis")
        self.assertTrue(crisis["lines"]["lines"])
        self.assertTrue(crisis["crisis_url"].startswith("/"))
        await fay.close()
        await alice.close()


class CheckInTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_a_rating_reaches_the_facilitators_timeline(self):
        fay, alice = await enter_both(self)
        await fay.send("checkin.ask", kind="distress")
        self.assertEqual((await alice.wait_for("ask"))["kind"], "distress")
        await alice.send("checkin", rating=3)
        checkin = (await fay.wait_for("checkin"))["checkin"]
        self.assertEqual((checkin["rating"], checkin["phase"]), (3, "before"))
        await fay.close()
        await alice.close()

    async def test_a_high_rating_prompts_the_facilitator_and_offers_the_member_grounding(self):
        fay, alice = await enter_both(self)
        await alice.send("checkin", rating=8)
        self.assertEqual(
            (await fay.wait_for("checkin"))["prompt"],
            "Distress is 8: consider grounding before going on.",
        )
        self.assertIn("ground", (await alice.wait_for("checkin"))["prompt"])
        await fay.close()
        await alice.close()

    async def test_a_rise_of_three_prompts_the_facilitator_and_offers_the_member_grounding(self):
        fay, alice = await enter_both(self)
        for rating in (2, 4, 5):
            await alice.send("checkin", rating=rating)
        seen = [await fay.wait_for("checkin") for _ in range(3)]
        self.assertEqual([message["checkin"]["rating"] for message in seen], [2, 4, 5])
        self.assertEqual(
            [message.get("prompt") for message in seen],
            [None, None, "Distress rose from 2 to 5: consider grounding before going on."],
        )
        mine = [await alice.wait_for("checkin") for _ in range(3)]
        self.assertEqual(
            mine[2]["prompt"],
            "Your distress has gone up. Would you like to pause and ground yourself?",
        )
        await fay.close()
        await alice.close()

    async def test_feelings_are_one_tap(self):
        fay, alice = await enter_both(self)
        await alice.send("checkin", feelings=["sad"])
        checkin = (await fay.wait_for("checkin"))["checkin"]
        self.assertEqual((checkin["kind"], checkin["feelings"]), ("feelings", ["sad"]))
        await fay.close()
        await alice.close()

    async def test_ending_above_the_starting_rating_offers_grounding_first(self):
        fay, alice = await enter_both(self)
        await alice.send("checkin", rating=2)
        await fay.wait_for("checkin")
        await alice.send("checkin", rating=5)
        await fay.wait_for("checkin")
        await fay.send("end", confirm=False)
        self.assertIn("2 at the start, 5 now", (await fay.wait_for("end_check"))["message"])
        self.assertEqual((await alice.wait_for("grounding"))["type"], "grounding")
        await fay.send("end", confirm=True)
        self.assertEqual((await alice.wait_for("error"))["code"], "ended")
        self.assertEqual((await alice.receive())["code"], CLOSE_ENDED)
        await fay.close()


@override_settings(LIVE_MESH_MAX_PEOPLE=4, JANUS_URL="")
class FacilitatorLeavesTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_the_member_sees_that_the_facilitator_disconnected(self):
        fay, alice = await enter_both(self)
        await fay.close()
        for _ in range(10):
            people = (await alice.wait_for("people"))["people"]
            facilitator = next(p for p in people if p["role"] == "facilitator")
            if not facilitator["online"]:
                break
        self.assertFalse(facilitator["online"])
        await alice.send("chat", text="Are you there?")
        self.assertEqual((await alice.wait_for_chat("Are you there?"))["name"], "Alice")
        await alice.close()


class ClosingTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_a_room_that_closes_under_open_sockets_refuses_further_messages(self):
        fay, alice = await enter_both(self)
        await database_sync_to_async(
            lambda: Room.objects.update(closes_at=Room.objects.get().opens_at)
        )()
        await alice.send("chat", text="Anyone?")
        self.assertEqual((await alice.wait_for("error"))["code"], "closed")
        self.assertEqual((await alice.receive())["code"], CLOSE_ENDED)
        await fay.close()


class InPersonTests(TransactionTestCase):
    def setUp(self):
        make_cast(self, booking=False)
        self.booking_id = book(self.fay, [self.alice], mode="in_person")

    async def test_the_members_phone_joins_without_a_waiting_room_and_follows_the_script(self):
        fay, fay_state = await enter(self.fay, self.booking_id)
        self.assertEqual(len(fay_state["join_code"]), 6)
        alice, state = await enter(self.alice, self.booking_id)
        self.assertTrue(state["me"]["admitted"])
        await fay.send("script.pick", script="safe-place")
        self.assertEqual((await alice.wait_for("script"))["script"]["id"], "safe-place")
        await alice.send("checkin", rating=2)
        self.assertEqual((await fay.wait_for("checkin"))["checkin"]["rating"], 2)
        await fay.close()
        await alice.close()


@override_settings(LIVE_CLOSE_AFTER_MINUTES=0)
class TimeUpTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_an_idle_socket_is_closed_when_the_rooms_time_is_up(self):
        from django.utils import timezone

        from innerchild.care.models import Booking

        socket = Socket(self.alice, self.booking_id)
        now = timezone.now()
        await database_sync_to_async(
            lambda: Booking.objects.update(
                starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(seconds=2)
            )
        )()
        self.assertTrue(await socket.connect())
        self.assertEqual((await socket.wait_for("error"))["code"], "closed")
        self.assertEqual((await socket.receive())["code"], CLOSE_ENDED)
