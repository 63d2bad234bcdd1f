"""Groups without a media server: a full mesh of peer connections up to LIVE_MESH_MAX_PEOPLE."""

from __future__ import annotations

import asyncio
from unittest import mock

from channels.db import database_sync_to_async
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from innerchild.care.models import CareLink
from innerchild.core.testing import make_person
from innerchild.live.consumers import CLOSE_TOO_LARGE
from innerchild.live.tests.aiortc_peers import Participant, loopback_only, wait_until
from innerchild.live.tests.helpers import Socket, book, enter, make_cast


def _group(test, size: int):
    members = [test.alice] + [
        make_person(f"member{n}@example.org", f"Member {n}") for n in range(size - 2)
    ]
    for member in members[1:]:
        CareLink.objects.create(facilitator=test.fay, member=member, started_at=timezone.now())
    return members, book(test.fay, members)


@override_settings(JANUS_URL="", LIVE_MESH_MAX_PEOPLE=4)
class MeshTests(TransactionTestCase):
    def setUp(self):
        make_cast(self, booking=False)

    async def test_three_people_connect_to_each_other_as_a_mesh(self):
        members, booking = await database_sync_to_async(_group)(self, 3)
        fay_socket, _ = await enter(self.fay, booking)
        sockets = {self.fay.pk: fay_socket}
        for member in members:
            socket, _ = await enter(member, booking)
            await fay_socket.send("admit", user=member.pk)
            await socket.wait_for("state")
            sockets[member.pk] = socket
        people = {self.fay.pk: self.fay, **{m.pk: m for m in members}}
        peers = {pk: Participant(people[pk], sockets[pk]) for pk in sockets}
        ids = sorted(peers)
        with loopback_only():
            pumps = [asyncio.ensure_future(p.pump()) for p in peers.values()]
            try:
                for me in ids:
                    for other in ids:
                        if me < other:
                            await peers[me].offer_to(other)
                self.assertTrue(
                    await wait_until(
                        lambda: all(
                            peers[me].connected_to([o for o in ids if o != me]) for me in ids
                        )
                    ),
                    "every pair of the three should be connected",
                )
                for me in ids:
                    self.assertEqual(len(peers[me].pcs), 2)
            finally:
                for pump in pumps:
                    pump.cancel()
                await asyncio.gather(*pumps, return_exceptions=True)
                for peer in peers.values():
                    await peer.close()
                for socket in sockets.values():
                    await socket.close()

    async def test_a_group_of_six_is_refused_with_a_clear_message(self):
        members, booking = await database_sync_to_async(_group)(self, 6)
        for person in (self.fay, members[0]):
            socket = Socket(person, booking)
            self.assertTrue(await socket.connect())
            error = await socket.wait_for("error")
            self.assertEqual(error["code"], "too_large")
            self.assertIn("at most 4 people", error["message"])
            self.assertEqual((await socket.receive())["code"], CLOSE_TOO_LARGE)

    def test_the_page_of_a_group_of_six_explains_why_there_is_no_video(self):
        members, booking = _group(self, 6)
        self.client.force_login(members[0])
        response = self.client.get(reverse("live:room", args=[booking]))
        self.assertContains(response, "at most 4 people can join peer to peer")
        self.assertNotContains(response, "live/room.js")


@override_settings(JANUS_URL="http://127.0.0.1:9/janus", LIVE_MESH_MAX_PEOPLE=4)
class MediaServerGroupTests(TransactionTestCase):
    def setUp(self):
        make_cast(self, booking=False)

    async def test_with_the_media_server_a_group_of_six_gets_its_room_and_own_token(self):
        _members, booking = await database_sync_to_async(_group)(self, 6)
        with mock.patch("innerchild.live.janus.ensure_room", return_value=4242) as ensure:
            fay, state = await enter(self.fay, booking)
        self.assertEqual(state["janus"]["room"], 4242)
        self.assertTrue(state["janus"]["token"])
        keys = ensure.call_args.kwargs["participants"]
        self.assertEqual(len(keys), 6)
        await fay.close()


@override_settings(JANUS_URL="http://127.0.0.1:9/janus", LIVE_MESH_MAX_PEOPLE=4)
class MediaServerDownTests(TransactionTestCase):
    def setUp(self):
        make_cast(self, booking=False)

    async def test_an_unreachable_media_server_leaves_the_chat_working_and_says_so(self):
        from innerchild.live.janus import JanusError

        _members, booking = await database_sync_to_async(_group)(self, 6)
        with mock.patch("innerchild.live.janus.ensure_room", side_effect=JanusError("down")):
            fay, state = await enter(self.fay, booking)
        self.assertNotIn("janus", state)
        self.assertIn("cannot be reached", state["media_error"])
        await fay.send("chat", text="Let us use the chat")
        self.assertEqual((await fay.wait_for_chat("Let us use the chat"))["name"], "Fay")
        await fay.close()


@override_settings(JANUS_URL="http://127.0.0.1:9/janus", LIVE_MESH_MAX_PEOPLE=4)
class MediaServerPageTests(TransactionTestCase):
    def setUp(self):
        make_cast(self, booking=False)

    def test_a_large_group_with_the_media_server_gets_the_group_client_from_this_site(self):
        members, booking = _group(self, 6)
        self.client.force_login(members[0])
        response = self.client.get(reverse("live:room", args=[booking]))
        for script in ("vendor/janus.js", "vendor/adapter.js", "live/janus_group.js"):
            self.assertContains(response, f'src="/static/{script}"')
        self.assertNotContains(response, "at most 4 people")
