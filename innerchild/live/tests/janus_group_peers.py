"""A group session through Janus with aiortc peers; run by test_janus_group.py in a private network.

Usage (as root): unshare --net -- python janus_group_peers.py --people N --seconds S
Starts Janus inside the namespace, creates the room through innerchild.live.janus, lets N peers
publish fake audio and video and subscribe to everyone else, then prints one JSON object: per
person, the frames received from each other person, and timings. Every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fractions
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import aioice.ice
import av
import django
import httpx
from django.conf import settings

from innerchild.live.testing import JanusServer, isolate_network

VIDEO_FRAMES_WANTED = 10
AUDIO_FRAMES_WANTED = 25


def loopback_only(sdp: str) -> str:
    """Drop remote candidates outside 127.0.0.0/8, so no check is ever sent elsewhere."""
    lines = []
    for line in sdp.splitlines():
        if line.startswith("a=candidate:") and not line.split()[4].startswith("127."):
            continue
        lines.append(line)
    return "\r\n".join(lines) + "\r\n"


def make_tracks():
    from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack

    class SmallVideo(VideoStreamTrack):
        """A small moving picture: cheap to encode, four at a time, on two cores."""

        async def recv(self):
            pts, time_base = await self.next_timestamp()
            frame = av.VideoFrame(width=160, height=120, format="yuv420p")
            for index, plane in enumerate(frame.planes):
                plane.update(bytes([(pts // 3000 + index * 60) % 256]) * plane.buffer_size)
            frame.pts = pts
            frame.time_base = fractions.Fraction(*time_base.as_integer_ratio())
            return frame

    return AudioStreamTrack(), SmallVideo()


class JanusPeer:
    def __init__(self, url: str, room: int, token: str, display: str, deadline: float) -> None:
        self.url = url
        self.room = room
        self.token = token
        self.display = display
        self.deadline = deadline
        self.client = httpx.AsyncClient(timeout=10, trust_env=False)
        self.queues: dict[int, asyncio.Queue] = {}
        self.received: dict[str, dict[str, int]] = {}
        self.publisher_id = 0
        self.pcs = []
        self.counters = []
        self.first_frame_at: dict[str, float] = {}

    async def post(self, path: str, message: dict) -> dict:
        message = {**message, "transaction": os.urandom(6).hex()}
        reply = (await self.client.post(f"{self.url}{path}", json=message)).json()
        if reply.get("janus") == "error":
            raise RuntimeError(f"{self.display}: Janus error {reply['error']}")
        return reply

    async def start(self) -> None:
        self.session = (await self.post("", {"janus": "create"}))["data"]["id"]
        self.poller = asyncio.create_task(self.poll())

    async def attach(self) -> int:
        handle = (
            await self.post(
                f"/{self.session}", {"janus": "attach", "plugin": "janus.plugin.videoroom"}
            )
        )["data"]["id"]
        self.queues[handle] = asyncio.Queue()
        return handle

    async def poll(self) -> None:
        while time.monotonic() < self.deadline:
            try:
                response = await self.client.get(
                    f"{self.url}/{self.session}", params={"maxev": 10, "rid": time.time_ns()}
                )
            except httpx.HTTPError:
                continue
            events = response.json()
            for event in events if isinstance(events, list) else [events]:
                queue = self.queues.get(event.get("sender"))
                if queue is not None and event.get("janus") == "event":
                    queue.put_nowait(event)

    async def ask(self, handle: int, body: dict, until, jsep: dict | None = None) -> dict:
        """Send a request and wait for the event `until(data, event)` accepts."""
        message = {"janus": "message", "body": body}
        if jsep:
            message["jsep"] = jsep
        await self.post(f"/{self.session}/{handle}", message)
        while True:
            remaining = self.deadline - time.monotonic()
            event = await asyncio.wait_for(self.queues[handle].get(), timeout=max(remaining, 0.1))
            data = event["plugindata"]["data"]
            if "error_code" in data:
                raise RuntimeError(f"{self.display}: {body['request']}: {data['error']}")
            if until(data, event):
                return event

    async def publish(self) -> None:
        from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

        handle = await self.attach()
        joined = await self.ask(
            handle,
            {
                "request": "join",
                "ptype": "publisher",
                "room": self.room,
                "token": self.token,
                "display": self.display,
            },
            until=lambda data, event: data.get("videoroom") == "joined",
        )
        self.publisher_id = joined["plugindata"]["data"]["id"]
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.pcs.append(pc)
        for track in make_tracks():
            pc.addTrack(track)
        await pc.setLocalDescription(await pc.createOffer())
        answer = await self.ask(
            handle,
            {"request": "configure", "audio": True, "video": True},
            until=lambda data, event: "jsep" in event,
            jsep={"type": "offer", "sdp": pc.localDescription.sdp, "trickle": False},
        )
        sdp = loopback_only(answer["jsep"]["sdp"])
        await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))
        self.publish_handle = handle

    async def others(self, expected: int) -> list[dict]:
        while time.monotonic() < self.deadline:
            listed = await self.post(
                f"/{self.session}/{self.publish_handle}",
                {"janus": "message", "body": {"request": "listparticipants", "room": self.room}},
            )
            people = listed["plugindata"]["data"]["participants"]
            publishing = [p for p in people if p.get("publisher") and p["id"] != self.publisher_id]
            if len(publishing) >= expected:
                return publishing
            await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.display}: the others never all published")

    async def subscribe(self, feeds: list[dict]) -> None:
        """One subscription per person: each is its own small peer connection."""
        await asyncio.gather(*(self.subscribe_to([feed]) for feed in feeds))

    async def subscribe_to(self, feeds: list[dict]) -> None:
        from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

        handle = await self.attach()
        attached = await self.ask(
            handle,
            {
                "request": "join",
                "ptype": "subscriber",
                "room": self.room,
                "token": self.token,
                "streams": [{"feed": feed["id"]} for feed in feeds],
            },
            until=lambda data, event: data.get("videoroom") == "attached",
        )
        mids = {
            stream["mid"]: stream.get("feed_display", str(stream.get("feed_id")))
            for stream in attached["plugindata"]["data"]["streams"]
        }
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.pcs.append(pc)

        @pc.on("track")
        def on_track(track):
            transceiver = next(t for t in pc.getTransceivers() if t.receiver.track is track)
            self.counters.append(
                asyncio.ensure_future(self.count(mids.get(transceiver.mid, "?"), track))
            )

        await pc.setRemoteDescription(
            RTCSessionDescription(sdp=loopback_only(attached["jsep"]["sdp"]), type="offer")
        )
        await pc.setLocalDescription(await pc.createAnswer())
        await self.ask(
            handle,
            {"request": "start"},
            until=lambda data, event: data.get("started") == "ok",
            jsep={"type": "answer", "sdp": pc.localDescription.sdp, "trickle": False},
        )

    async def count(self, who: str, track) -> None:
        counts = self.received.setdefault(who, {"audio": 0, "video": 0})
        while time.monotonic() < self.deadline:
            try:
                await asyncio.wait_for(
                    track.recv(), timeout=max(self.deadline - time.monotonic(), 0.1)
                )
            except Exception:
                return
            counts[track.kind] += 1
            self.first_frame_at.setdefault(f"{who}/{track.kind}", time.monotonic())

    def satisfied(self, expected_others: int) -> bool:
        return len(self.received) >= expected_others and all(
            c["video"] >= VIDEO_FRAMES_WANTED and c["audio"] >= AUDIO_FRAMES_WANTED
            for c in self.received.values()
        )

    async def close(self) -> None:
        for pc in self.pcs:
            await pc.close()
        self.poller.cancel()
        with contextlib.suppress(httpx.HTTPError, RuntimeError):
            await self.post(f"/{self.session}", {"janus": "destroy"})
        await self.client.aclose()


async def run_group(url: str, people: list[str], seconds: float) -> dict:
    from innerchild.live import janus

    started = time.monotonic()
    deadline = started + seconds
    room = await asyncio.to_thread(
        janus.ensure_room, "group-test", max_publishers=12, participants=people
    )
    peers = [
        JanusPeer(url, room, janus.token_for(room, person), person, deadline) for person in people
    ]
    try:
        for peer in peers:
            await peer.start()
        await asyncio.gather(*(peer.publish() for peer in peers))
        published_at = time.monotonic()
        feeds = await asyncio.gather(*(peer.others(len(people) - 1) for peer in peers))
        await asyncio.gather(*(peer.subscribe(f) for peer, f in zip(peers, feeds, strict=True)))
        while time.monotonic() < deadline and not all(
            peer.satisfied(len(people) - 1) for peer in peers
        ):
            await asyncio.sleep(0.1)
        finished_at = time.monotonic()
        firsts = [t for peer in peers for t in peer.first_frame_at.values()]
        return {
            "room": room,
            "received": {peer.display: peer.received for peer in peers},
            "all_flowing": all(peer.satisfied(len(people) - 1) for peer in peers),
            "seconds_to_publish": round(published_at - started, 2),
            "seconds_to_last_first_frame": round(max(firsts) - started, 2) if firsts else None,
            "seconds_to_all_flowing": round(finished_at - started, 2),
        }
    finally:
        for peer in peers:
            await peer.close()
        await asyncio.to_thread(janus.close_room, room)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=40)
    args = parser.parse_args()

    isolate_network()
    # aioice leaves 127.0.0.1 out of its candidates; in this namespace it is all there is.
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]
    people = ["facilitator"] + [f"member-{n}" for n in range(1, args.people)]
    with tempfile.TemporaryDirectory() as workdir:
        with JanusServer(Path(workdir), admin_key="group-test-admin-key") as server:
            settings.configure(
                SECRET_KEY="group-test-only",
                JANUS_URL=server.url,
                JANUS_ADMIN_KEY="group-test-admin-key",
                JANUS_API_SECRET="",
                JANUS_ROOM_SECRET="group-test-room-secret",
                JANUS_TIMEOUT=5,
            )
            django.setup()
            result = asyncio.run(run_group(server.url, people, args.seconds))
        result["recordings"] = [str(p) for p in Path(workdir).rglob("*.mjr")]
        result["janus_log_tail"] = server.log_tail(15) if not result["all_flowing"] else ""
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
