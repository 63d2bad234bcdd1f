"""Python WebRTC participants (aiortc) that join a room through the real consumer.

They follow the browser's rules (room.js): the person with the smaller id offers, signalling goes
over the room's socket. aiortc gathers its candidates before the offer is made, so they travel
inside the SDP. Only 127.0.0.1 is ever used: host candidates are limited to it, and remote
candidates elsewhere are dropped before they reach the peer connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from unittest import mock

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack

WAIT_STEPS = 150
STEP_SECONDS = 0.1


@contextlib.contextmanager
def loopback_only():
    with mock.patch("aioice.ice.get_host_addresses", return_value=["127.0.0.1"]):
        yield


def loopback_sdp(sdp: str) -> str:
    """The SDP without candidates outside 127.0.0.0/8."""
    kept = []
    for line in sdp.splitlines(keepends=True):
        match = re.match(r"a=candidate:\S+ \d+ \S+ \d+ (\S+) ", line)
        if match and not match.group(1).startswith("127."):
            continue
        kept.append(line)
    return "".join(kept)


class Participant:
    def __init__(self, user, socket):
        self.user = user
        self.socket = socket
        self.pcs: dict[int, RTCPeerConnection] = {}
        self.received: dict[int, list] = {}

    def _new_pc(self, other: int) -> RTCPeerConnection:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc.addTrack(AudioStreamTrack())
        pc.addTrack(VideoStreamTrack())
        self.received[other] = []

        @pc.on("track")
        def on_track(track):
            self.received[other].append(track)

        self.pcs[other] = pc
        return pc

    async def offer_to(self, other: int) -> None:
        pc = self._new_pc(other)
        await pc.setLocalDescription(await pc.createOffer())
        await self.socket.send(
            "signal", to=other, data={"kind": "offer", "sdp": pc.localDescription.sdp}
        )

    async def handle(self, message: dict) -> None:
        data = message["data"]
        other = message["from"]
        if data["kind"] == "offer":
            pc = self._new_pc(other)
            await pc.setRemoteDescription(
                RTCSessionDescription(sdp=loopback_sdp(data["sdp"]), type="offer")
            )
            await pc.setLocalDescription(await pc.createAnswer())
            await self.socket.send(
                "signal", to=other, data={"kind": "answer", "sdp": pc.localDescription.sdp}
            )
        elif data["kind"] == "answer":
            await self.pcs[other].setRemoteDescription(
                RTCSessionDescription(sdp=loopback_sdp(data["sdp"]), type="answer")
            )

    async def pump(self) -> None:
        """Answer signalling until cancelled."""
        while True:
            message = await self.socket.receive()
            if message["type"] == "signal":
                await self.handle(message)
            elif message["type"] == "closed":
                return

    def connected_to(self, others) -> bool:
        return all(
            other in self.pcs and self.pcs[other].connectionState == "connected" for other in others
        )

    async def close(self) -> None:
        for pc in self.pcs.values():
            await pc.close()


async def wait_until(condition) -> bool:
    for _ in range(WAIT_STEPS):
        if condition():
            return True
        await asyncio.sleep(STEP_SECONDS)
    return condition()
