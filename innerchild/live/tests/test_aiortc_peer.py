"""A Python WebRTC peer (aiortc) joins the room as a participant, signalling over the WebSocket."""

from __future__ import annotations

import asyncio

from django.test import TransactionTestCase

from innerchild.live.tests.aiortc_peers import Participant, loopback_only, wait_until
from innerchild.live.tests.helpers import enter_both, make_cast


class AiortcPeerTests(TransactionTestCase):
    def setUp(self):
        make_cast(self)

    async def test_the_facilitator_and_the_member_connect_and_receive_each_others_video(self):
        fay_socket, alice_socket = await enter_both(self)
        fay = Participant(self.fay, fay_socket)
        alice = Participant(self.alice, alice_socket)
        with loopback_only():
            pumps = [asyncio.ensure_future(p.pump()) for p in (fay, alice)]
            try:
                await fay.offer_to(self.alice.pk)
                self.assertTrue(
                    await wait_until(
                        lambda: (
                            fay.connected_to([self.alice.pk]) and alice.connected_to([self.fay.pk])
                        )
                    ),
                    "both peer connections should reach connected",
                )
                kinds = {track.kind for track in alice.received[self.fay.pk]}
                self.assertEqual(kinds, {"audio", "video"})
                video = next(t for t in alice.received[self.fay.pk] if t.kind == "video")
                frame = await asyncio.wait_for(video.recv(), timeout=10)
                self.assertGreater(frame.width, 0)
            finally:
                for pump in pumps:
                    pump.cancel()
                await asyncio.gather(*pumps, return_exceptions=True)
                await fay.close()
                await alice.close()
                await fay_socket.close()
                await alice_socket.close()
