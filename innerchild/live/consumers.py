"""The room's WebSocket: one socket per person and tab, at /ws/live/<booking id>/.

Who may speak is checked on connect (the booking's participants only, while the room is open)
and again on every message (the socket must still be the person's current one: a newer tab
replaces an older one, whose messages, signalling included, are then ignored). Writes go through
`actions` and are announced to the other sockets only once they are committed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from types import SimpleNamespace

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innerchild.accounts import api as accounts
from innerchild.live import access, actions, chat_limit, protocol, state
from innerchild.live.models import Participant, ParticipantRole, Room

logger = logging.getLogger(__name__)

# Close codes the browser understands (it does not reconnect after these).
CLOSE_REFUSED = 4403
CLOSE_REPLACED = 4409
CLOSE_ENDED = 4410
CLOSE_TOO_LARGE = 4413
# How often a long-lived socket asks the booking again (cancelled, link ended).
RECHECK_SECONDS = 30
# The longest a socket sleeps before it looks at its room's closing time again.
CLOSE_CHECK_SECONDS = 300

MEMBER_ONLY = {"location", "break", "checkin", "answer"}
FACILITATOR_ONLY = {"admit", "script.pick", "script.step", "checkin.ask", "end"}
BEFORE_ADMISSION = {"ping", "sync", "ready", "location"}


async def _off_the_database_thread(function, *args):
    """Run slow, self-contained work (screening) in its own thread: every other database call of
    this process shares one thread, and a long screening must not hold up other rooms."""

    def run():
        close_old_connections()
        try:
            return function(*args)
        finally:
            close_old_connections()

    return await sync_to_async(run, thread_sensitive=False)()


class Refused(Exception):
    def __init__(self, code: str, close: int | None = None):
        super().__init__(code)
        self.code = code
        self.close = close


def _crisis_lines(country: str, adolescent: bool) -> dict:
    from innerchild.safety import api as safety

    found = safety.crisis_lines_for(country, adolescent=adolescent)
    return {
        "country": found.country,
        "emergency": found.emergency,
        "emergency_href": found.emergency_href,
        "lines": [
            {"name": line.name, "call": line.call, "tel_href": line.tel_href, "hours": line.hours}
            for line in found.lines
        ],
    }


class RoomConsumer(AsyncWebsocketConsumer):
    seat: access.Seat | None = None
    replaced = False
    closer: asyncio.Future | None = None

    async def _close_when_due(self):
        """Close the socket when the room's time is up, even if nobody speaks; the close time is
        read again at each wake-up, since a booking can move."""
        room_id = self.seat.room.pk
        while True:
            row = await database_sync_to_async(
                lambda: Room.objects.filter(pk=room_id).values_list("closes_at", "ended_at").first()
            )()
            if row is None:
                return
            closes_at, ended_at = row
            left = (closes_at - timezone.now()).total_seconds()
            if ended_at is not None or left <= 0:
                await self._error("closed", close=CLOSE_ENDED)
                return
            await asyncio.sleep(min(left, CLOSE_CHECK_SECONDS))

    # Connecting -----------------------------------------------------------------------------

    async def connect(self):
        self.user = self.scope.get("user")
        self.booking_id = str(self.scope["url_route"]["kwargs"]["booking_id"])
        seat = await database_sync_to_async(access.seat_for)(self.user, self.booking_id)
        if seat is not None and not await database_sync_to_async(accounts.session_passed_two_step)(
            self.user, self.scope.get("session")
        ):
            seat = None  # a facilitator's session that has not given the two-step code
        if seat is None:
            # Not a participant: refused before the handshake, nothing learned about the room.
            await self.close()
            return
        if not seat.room.is_open():
            await self.accept()
            await self._error("closed", close=CLOSE_ENDED)
            return
        if seat.too_large:
            await self.accept()
            await self._error("too_large", close=CLOSE_TOO_LARGE)
            return
        self.seat = seat
        self.group = seat.room.group_name()
        self.checked_at = time.monotonic()
        auto_admit = seat.room.mode == "in_person"
        connected = await database_sync_to_async(actions.do_connect)(
            seat.participant.pk, self.channel_name, auto_admit=auto_admit
        )
        seat.participant = connected.participant
        if connected.replaced_channel:
            await self.channel_layer.send(connected.replaced_channel, {"type": "live.replaced"})
        if seat.participant.admitted:
            await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self._send_state()
        await self._people_changed()
        self.closer = asyncio.ensure_future(self._close_when_due())

    async def disconnect(self, code):
        if self.seat is None:
            return
        if self.closer is not None:
            self.closer.cancel()
        await self.channel_layer.group_discard(self.group, self.channel_name)
        was_current = await database_sync_to_async(actions.do_disconnect)(
            self.seat.participant.pk, self.channel_name
        )
        if was_current:
            await self._people_changed()

    # Receiving -----------------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.seat is None:
            return
        try:
            kind, fields = protocol.parse(
                text_data if text_data is not None else bytes_data, self.booking_id
            )
        except protocol.WrongRoom:
            await self._error("wrong_room", close=CLOSE_REFUSED)
            return
        except protocol.ProtocolError as error:
            await self._error(error.code)
            return
        facilitator = self._is_facilitator()  # a person's role in a room never changes
        if (kind in FACILITATOR_ONLY and not facilitator) or (kind in MEMBER_ONLY and facilitator):
            await self._error("not_allowed")
            return
        handler = getattr(self, "on_" + kind.replace(".", "_"))
        try:
            with translation.override(self.user.language):
                await handler(kind, **fields)
        except Refused as refused:
            await self._error(refused.code, close=refused.close)

    async def _run(self, kind: str, work=None):
        """Check the sender and do the message's database work in one trip to the database thread:
        (me, what `work(me)` returned). Raises Refused when the socket may not speak."""
        return await database_sync_to_async(self._checked)(kind, work)

    def _checked(self, kind: str, work):
        me = access.current_participant(self.seat.room.pk, self.user.pk, self.channel_name)
        if me is None:
            raise Refused("not_current", CLOSE_REPLACED)
        if not me.room.is_open():
            raise Refused("closed", CLOSE_ENDED)
        if time.monotonic() - self.checked_at > RECHECK_SECONDS:
            if access.seat_for(self.user, self.booking_id) is None:
                raise Refused("not_participant", CLOSE_REFUSED)
            self.checked_at = time.monotonic()
        if not me.admitted and kind not in BEFORE_ADMISSION:
            raise Refused("not_admitted")
        self.seat.participant, self.seat.room = me, me.room
        return me, (work(me) if work else None)

    async def on_ping(self, kind):
        await self._run(kind)
        await self._send({"type": "pong"})

    async def on_sync(self, kind):
        await self._run(kind)
        await self._send_state()

    async def on_ready(self, kind, ready):
        await self._run(kind, lambda me: actions.do_set_ready(me, ready))
        await self._people_changed()

    async def on_location(self, kind, country, city, private):
        await self._run(
            kind,
            lambda me: actions.do_confirm_location(me, country=country, city=city, private=private),
        )
        await self._people_changed()

    async def on_admit(self, kind, user):
        _me, member = await self._run(kind, lambda me: actions.do_admit(me.room, user))
        if member is None:
            await self._error("bad_field")
            return
        if member.channel_name:
            await self.channel_layer.send(member.channel_name, {"type": "live.admitted"})
        await self._people_changed()

    async def on_chat(self, kind, text):
        def post(me):
            if not chat_limit.may_post(me.room_id, self.user.pk):
                return None
            return actions.do_post_chat(me.room, self.user, text)

        me, message = await self._run(kind, post)
        if message is None:
            # The text comes back so that the page can put it back in the box: nothing typed is lost.
            with translation.override(self.user.language):
                await self._send(
                    {
                        "type": "error",
                        "code": "chat_too_fast",
                        "message": str(ERRORS["chat_too_fast"]),
                        "text": text,
                    }
                )
            return
        message.author = self.user
        await self.channel_layer.group_send(
            self.group, {"type": "live.chat", "message": state.chat_view(message)}
        )
        outcome = await _off_the_database_thread(actions.screen_chat, message, self.user)
        await self._after_screening(me, outcome)

    async def on_signal(self, kind, to, data):
        me, target = await self._run(
            kind,
            lambda me: Participant.objects.filter(room=me.room, user_id=to, online=True).first(),
        )
        if target is None or not target.admitted or not target.channel_name or to == me.user_id:
            await self._error("peer_gone")
            return
        await self.channel_layer.send(
            target.channel_name,
            {"type": "live.signal", "from": me.user_id, "connection": me.connection, "data": data},
        )

    async def on_script_pick(self, kind, script):
        def pick(me):
            language = self._script_language(me)
            if not state.steps_of(script, language):
                return None
            return actions.do_pick_script(me.room, script, language)

        _me, room = await self._run(kind, pick)
        if room is None:
            await self._error("bad_field")
            return
        await self._script_changed(room)

    async def on_script_step(self, kind, step, confirm=False):
        def go(me):
            room = me.room
            if not room.script_id or step >= len(
                state.steps_of(room.script_id, room.script_language)
            ):
                return None, []
            # Distress gating (docs/safety.md): going on while a member's latest rating is at
            # or above the threshold needs the facilitator to press Next step a second time.
            if step > room.step and not confirm:
                high = self._members_still_high(room)
                if high:
                    return None, high
            return actions.do_go_to_step(room, step), []

        _me, (room, high) = await self._run(kind, go)
        if high:
            await self._send({"type": "step_check", "message": state.step_check_message(high)})
            return
        if room is None:
            await self._error("bad_field")
            return
        await self._script_changed(room)

    async def on_pause(self, kind, paused):
        _me, room = await self._run(
            kind,
            lambda me: actions.do_pause(
                me.room, paused, by_member=me.role == ParticipantRole.MEMBER
            ),
        )
        await self._script_changed(room)

    async def on_break(self, kind):
        me, room = await self._run(kind, lambda me: actions.do_pause(me.room, True, by_member=True))
        await self._script_changed(room)
        await self.channel_layer.group_send(
            self.group, {"type": "live.break", "member": me.user_id, "name": self.user.display_name}
        )

    async def on_checkin_ask(self, kind, ask):
        await self._run(kind)
        await self.channel_layer.group_send(self.group, {"type": "live.ask", "kind": ask})

    async def on_checkin(self, kind, rating=None, feelings=None):
        _me, (checkin, decision) = await self._run(
            kind,
            lambda me: actions.do_check_in(me.room, self.user, rating=rating, feelings=feelings),
        )
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "live.checkin",
                "checkin": state.checkin_view(checkin),
                "name": self.user.display_name,
                "offer": bool(decision and decision.offer_grounding),
                "reason": decision.reason if decision else "",
                # The lowest earlier rating, which a rise is measured from.
                "lowest": min(decision.ratings[:-1])
                if decision and decision.ratings[:-1]
                else None,
            },
        )

    async def on_answer(self, kind, step, text):
        me, answer = await self._run(
            kind, lambda me: actions.do_save_answer(me.room, self.user, step=step, text=text)
        )
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "live.answer",
                "answer": state.answer_view(answer),
                "name": self.user.display_name,
            },
        )
        outcome = await _off_the_database_thread(actions.screen_answer, answer, self.user)
        await self._after_screening(me, outcome)

    async def on_end(self, kind, confirm):
        def end(me):
            if not confirm:
                higher = self._members_above_start(me.room)
                if higher:
                    return higher, None
            return [], actions.do_end(me.room)

        _me, (higher, room) = await self._run(kind, end)
        if room is None:
            await self.channel_layer.group_send(
                self.group, {"type": "live.end_check", "members": higher}
            )
            return
        await self.channel_layer.group_send(self.group, {"type": "live.ended"})
        await self._send_to_waiting({"type": "live.ended"}, room)

    # Helpers --------------------------------------------------------------------------------

    def _script_language(self, me: Participant) -> str:
        """One-to-one sessions follow the member's language; groups the facilitator's."""
        if not self.seat.booking.is_group and self.seat.booking.attendee_ids:
            from django.contrib.auth import get_user_model

            member = get_user_model().objects.filter(pk=self.seat.booking.attendee_ids[0]).first()
            if member is not None:
                return member.language
        return self.user.language

    def _members_still_high(self, room: Room) -> list[dict]:
        """Members whose latest distress rating in this room is at or above the threshold."""
        from innerchild.safety import api as safety

        latest: dict[int, tuple[str, int]] = {}
        for name, member_id, rating in room.checkins.filter(rating__isnull=False).values_list(
            "member__display_name", "member_id", "rating"
        ):
            latest[member_id] = (name, rating)
        threshold = safety.distress_threshold()
        return [
            {"name": name, "rating": rating, "threshold": threshold}
            for name, rating in latest.values()
            if rating >= threshold
        ]

    def _members_above_start(self, room: Room) -> list[dict]:
        """Members whose latest distress rating is above their first one in this room."""
        higher = []
        ratings: dict[int, list[int]] = {}
        for member_id, rating in room.checkins.filter(rating__isnull=False).values_list(
            "member_id", "rating"
        ):
            ratings.setdefault(member_id, []).append(rating)
        for member_id, values in ratings.items():
            if values[-1] > values[0]:
                higher.append({"member": member_id, "start": values[0], "now": values[-1]})
        return higher

    async def _after_screening(self, me, outcome):
        if outcome.level != "urgent" or me.role != ParticipantRole.MEMBER:
            return
        lines = await database_sync_to_async(self._crisis_details)(me)
        await self.channel_layer.group_send(self.group, {"type": "live.crisis", **lines})

    def _crisis_details(self, me: Participant) -> dict:
        from innerchild.care import api as care
        from innerchild.safety import api as safety

        country = me.location_country or str(self.user.country or "")
        facilitator = me.room.facilitator
        return {
            "member": me.user_id,
            "name": self.user.display_name,
            "lines": _crisis_lines(country, self.user.is_adolescent),
            "safety_plan_url": care.shared_safety_plan_url(facilitator, self.user) or "",
            "crisis_url": safety.crisis_url(),
        }

    async def _script_changed(self, room: Room):
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "live.script",
                "script_id": room.script_id,
                "language": room.script_language,
                "step": room.step,
                "paused": room.paused,
                "paused_by_member": room.paused_by_member,
            },
        )

    async def _people_changed(self):
        await self.channel_layer.group_send(self.group, {"type": "live.people"})
        await self._send_to_waiting({"type": "live.people"}, self.seat.room)

    async def _send_to_waiting(self, event: dict, room: Room):
        channels = await database_sync_to_async(
            lambda: list(
                Participant.objects.filter(
                    room_id=room.pk, admitted_at__isnull=True, role=ParticipantRole.MEMBER
                )
                .exclude(channel_name="")
                .values_list("channel_name", flat=True)
            )
        )()
        for channel in channels:
            await self.channel_layer.send(channel, event)

    async def _send(self, payload: dict):
        await self.send(text_data=json.dumps(payload, default=str))

    async def _send_state(self):
        def build():
            seat = access.seat_for(self.user, self.booking_id)
            if seat is None:
                return None, None
            with translation.override(self.user.language):
                return seat, state.room_state(seat)

        seat, payload = await database_sync_to_async(build)()
        if payload is None:
            await self._error("not_participant", close=CLOSE_REFUSED)
            return
        if state.needs_media_server(seat):
            # An HTTP call to Janus: kept off the thread every database call shares.
            from innerchild.live.janus import JanusError

            try:
                payload["janus"] = await _off_the_database_thread(state.janus_view, seat)
            except JanusError:
                logger.warning("the group media server could not be reached")
                payload["media_error"] = _(
                    "The group video server cannot be reached right now. You can talk in the chat."
                )
        await self._send(payload)

    async def _error(self, code: str, *, close: int | None = None):
        with translation.override(getattr(self.user, "language", None)):
            message = str(ERRORS.get(code, ""))
            if code == "too_large":
                message = message % {"n": settings.LIVE_MESH_MAX_PEOPLE}
            await self._send({"type": "error", "code": code, "message": message})
        if close:
            await self.close(code=close)

    def _is_facilitator(self) -> bool:
        return self.seat.participant.role == ParticipantRole.FACILITATOR

    # Events from the channel layer ------------------------------------------------------------

    async def live_replaced(self, event):
        self.replaced = True
        await self._error("replaced", close=CLOSE_REPLACED)

    async def live_admitted(self, event):
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self._send_state()

    async def live_people(self, event):
        def build():
            me = Participant.objects.filter(pk=self.seat.participant.pk).first()
            if me is None:
                return []
            people = Participant.objects.filter(room_id=me.room_id).select_related("user")
            facilitator = me.role == ParticipantRole.FACILITATOR
            return [
                state.person_view(p, facilitator=facilitator, me=me)
                for p in people
                if me.admitted or p.pk == me.pk or p.role == ParticipantRole.FACILITATOR
            ]

        await self._send({"type": "people", "people": await database_sync_to_async(build)()})

    async def live_chat(self, event):
        await self._send({"type": "chat", "message": event["message"]})

    async def live_signal(self, event):
        await self._send(
            {
                "type": "signal",
                "from": event["from"],
                "connection": event["connection"],
                "data": event["data"],
            }
        )

    async def live_script(self, event):
        room = SimpleNamespace(
            script_id=event["script_id"],
            script_language=event["language"],
            step=event["step"],
            paused=event["paused"],
            paused_by_member=event["paused_by_member"],
        )
        view = state.script_view(room, facilitator=self._is_facilitator())
        await self._send({"type": "script", "script": view})

    async def live_break(self, event):
        mine = event["member"] == self.user.pk
        if not (mine or self._is_facilitator()):
            return
        message = (
            _("You asked for a break. The session is paused. Take all the time you need.")
            if mine
            else _("%(name)s asked for a break. The session is paused.") % {"name": event["name"]}
        )
        await self._send({"type": "break", "member": event["member"], "message": message})

    async def live_ask(self, event):
        if not self._is_facilitator():
            await self._send({"type": "ask", "kind": event["kind"]})

    async def live_checkin(self, event):
        checkin = event["checkin"]
        mine = checkin["member"] == self.user.pk
        if not (mine or self._is_facilitator()):
            return
        payload = {"type": "checkin", "checkin": checkin, "name": event["name"]}
        if event["offer"]:
            payload["prompt"] = (
                state.member_grounding_offer(event["reason"])
                if mine
                else state.grounding_prompt(checkin["rating"], event["reason"], event.get("lowest"))
            )
        await self._send(payload)

    async def live_answer(self, event):
        if event["answer"]["member"] == self.user.pk or self._is_facilitator():
            await self._send({"type": "answer", "answer": event["answer"], "name": event["name"]})

    async def live_crisis(self, event):
        if self._is_facilitator():
            await self._send(
                {
                    "type": "crisis_panel",
                    "member": event["member"],
                    "message": _(
                        "Something %(name)s wrote suggests they may be in danger. Their crisis "
                        "lines are below."
                    )
                    % {"name": event["name"]},
                    "lines": event["lines"],
                    "safety_plan_url": event["safety_plan_url"],
                }
            )
        elif event["member"] == self.user.pk:
            await self._send(
                {"type": "crisis", "lines": event["lines"], "crisis_url": event["crisis_url"]}
            )

    async def live_end_check(self, event):
        if self._is_facilitator():
            parts = [
                _("distress %(start)s at the start, %(now)s now") % m for m in event["members"]
            ]
            message = _(
                "Distress is higher than at the start (%(detail)s): consider grounding before "
                "closing. Press End again to close."
            ) % {"detail": "; ".join(parts)}
            await self._send({"type": "end_check", "message": message})
        elif any(m["member"] == self.user.pk for m in event["members"]):
            await self._send({"type": "grounding", "message": str(ERRORS["grounding"])})

    async def live_ended(self, event):
        await self._error("ended", close=CLOSE_ENDED)


def _lazy():
    from django.utils.translation import gettext_lazy

    return {
        "closed": gettext_lazy("This room is not open now. It opens shortly before the session."),
        "too_large": gettext_lazy(
            "This group is too large for video without a media server: at most %(n)s people can "
            "join peer to peer. Please ask the administrator to set up the group media server."
        ),
        "wrong_room": gettext_lazy("That message was for another room."),
        "message_too_large": gettext_lazy("That message was too large."),
        "malformed": gettext_lazy("That message could not be read."),
        "unknown_type": gettext_lazy("That message could not be read."),
        "bad_field": gettext_lazy("That message could not be read."),
        "not_admitted": gettext_lazy("Please wait: the facilitator will let you in."),
        "not_allowed": gettext_lazy("That is not something you can do in this room."),
        "not_current": gettext_lazy("This session is open in another tab or window."),
        "replaced": gettext_lazy("This session is open in another tab or window."),
        "not_participant": gettext_lazy("You are not part of this session."),
        "peer_gone": gettext_lazy("The other person is not connected right now."),
        "chat_too_fast": gettext_lazy(
            "That is many messages in a short time. Please wait a moment before sending again; "
            "your message is still in the box."
        ),
        "ended": gettext_lazy("The session has ended. Thank you for taking part."),
        "grounding": gettext_lazy(
            "Before you go, you might take a moment to ground yourself: feel your feet on the "
            "floor, and breathe out slowly."
        ),
    }


ERRORS = _lazy()
