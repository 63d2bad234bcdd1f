"""Shared set-up for the room's tests: a booking between fay and alice, sockets that join it."""

from __future__ import annotations

import json
from datetime import timedelta

from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from innerchild.accounts.models import Role
from innerchild.care import api as care
from innerchild.care.models import CareLink
from innerchild.core.testing import make_person, verified_session
from innerchild.routing import websocket_urlpatterns

APPLICATION = URLRouter(websocket_urlpatterns)
TIMEOUT = 15  # a bound for a loaded machine, never a measured threshold


class WebsocketCommunicator(ApplicationCommunicator):
    """Channels' test communicator, without `channels.testing` (which needs daphne installed)."""

    def __init__(self, application, path):
        super().__init__(
            application,
            {"type": "websocket", "path": path, "headers": [], "subprotocols": []},
        )

    async def connect(self, timeout=1):
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        return True, response.get("subprotocol")

    async def send_to(self, text_data=None):
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def disconnect(self, code=1000, timeout=1):
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def make_cast(test, *, booking: bool = True) -> None:
    # Each async test runs in an event loop of its own; a Redis channel layer made in an earlier
    # test is bound to that test's loop, so every test starts with a fresh layer.
    channel_layers.backends = {}
    test.alice = make_person("alice@example.org", "Alice")
    test.bob = make_person("bob@example.org", "Bob")
    facilitator = {"role": Role.FACILITATOR, "facilitator_verified": True}
    test.fay = make_person("fay@example.org", "Fay", **facilitator)
    test.gus = make_person("gus@example.org", "Gus", **facilitator)
    CareLink.objects.create(facilitator=test.fay, member=test.alice, started_at=timezone.now())
    test.booking_id = book(test.fay, [test.alice]) if booking else None


def book(facilitator, members, *, starts_in=timedelta(minutes=2), mode="online", length=50):
    starts_at = timezone.now().replace(microsecond=0) + starts_in
    return care.create_booking(
        facilitator=facilitator,
        members=members,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=length),
        mode=mode,
        is_group=len(members) > 1,
    )


class Socket:
    """One browser tab's socket, as a person, with helpers to send and wait for a type."""

    def __init__(self, user, booking_id):
        self.booking_id = str(booking_id)
        self.communicator = WebsocketCommunicator(APPLICATION, f"/ws/live/{booking_id}/")
        self.communicator.scope["user"] = user or AnonymousUser()
        self.seen: list[dict] = []

    async def connect(self, *, passed_two_step: bool = True):
        user = self.communicator.scope["user"]
        if user.is_authenticated and passed_two_step:
            # The browser's session after the login's second step (two-step sign-in).
            session = await database_sync_to_async(verified_session)(user)
            self.communicator.scope["session"] = session
        connected, _code = await self.communicator.connect(timeout=TIMEOUT)
        return connected

    async def send(self, type_, **fields):
        await self.communicator.send_to(
            text_data=json.dumps({"type": type_, "room": self.booking_id, **fields})
        )

    async def send_raw(self, text):
        await self.communicator.send_to(text_data=text)

    async def receive(self):
        message = await self.communicator.receive_output(timeout=TIMEOUT)
        if message["type"] == "websocket.close":
            return {"type": "closed", "code": message.get("code")}
        payload = json.loads(message["text"])
        self.seen.append(payload)
        return payload

    async def wait_for(self, type_, **match):
        """The next message of `type_` (and matching fields); bounded by the number of messages."""
        for _ in range(50):
            message = await self.receive()
            if message["type"] == type_ and all(message.get(k) == v for k, v in match.items()):
                return message
            if message["type"] == "closed" and type_ != "closed":
                raise AssertionError(f"socket closed while waiting for {type_}: {message}")
        raise AssertionError(f"no {type_} message")

    async def wait_for_chat(self, text):
        for _ in range(50):
            message = await self.wait_for("chat")
            if message["message"]["text"] == text:
                return message["message"]
        raise AssertionError(f"no chat message {text!r}")

    async def nothing_more(self):
        return await self.communicator.receive_nothing(timeout=0.3)

    async def close(self):
        await self.communicator.disconnect()


async def enter(user, booking_id) -> tuple[Socket, dict]:
    socket = Socket(user, booking_id)
    assert await socket.connect(), "the socket should be accepted"
    state = await socket.wait_for("state")
    return socket, state


async def enter_both(test) -> tuple[Socket, Socket]:
    """Fay opens the room, alice joins and is admitted; both sockets have drained their state."""
    fay, _ = await enter(test.fay, test.booking_id)
    alice, _ = await enter(test.alice, test.booking_id)
    await fay.send("admit", user=test.alice.pk)
    await alice.wait_for("state")
    return fay, alice
