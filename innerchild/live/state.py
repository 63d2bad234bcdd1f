"""What each person's screen shows of a room, built from the database (so a reconnect finds it all).

A member still in the waiting room sees only themselves and whether the facilitator is there;
nothing of the session (chat, script, other people) reaches them before they are admitted.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import gettext as _

from innerchild.guide import api as guide
from innerchild.live.access import Seat
from innerchild.live.janus import janus_configured
from innerchild.live.models import ChatMessage, CheckIn, Participant, ParticipantRole, ScriptAnswer
from innerchild.live.turn import ice_servers_for

CHAT_HISTORY = 200


@lru_cache(maxsize=256)
def steps_of(script_id: str, language: str) -> tuple[dict, ...]:
    """A script's steps; shipped scripts are loaded once at startup, so this never goes stale."""
    return tuple(guide.script_steps(script_id, language)) if script_id else ()


def script_view(room, *, facilitator: bool) -> dict | None:
    if not room.script_id:
        return None
    steps = steps_of(room.script_id, room.script_language)
    view = {
        "id": room.script_id,
        "title": guide.script_title(room.script_id, room.script_language) or room.script_id,
        "step": room.step,
        "count": len(steps),
        "paused": room.paused,
        "paused_by_member": room.paused_by_member,
        "current": steps[room.step] if room.step < len(steps) else None,
    }
    if facilitator:
        view["next"] = steps[room.step + 1] if room.step + 1 < len(steps) else None
    return view


def person_view(p: Participant, *, facilitator: bool, me: Participant) -> dict:
    view = {
        "id": p.user_id,
        "name": p.user.display_name,
        "role": p.role,
        "online": p.online,
        "admitted": p.admitted,
        "ready": p.ready,
        "connection": p.connection,
    }
    if facilitator or p.pk == me.pk:
        view["location"] = {
            "country": p.location_country,
            "city": p.location_city,
            "private": p.somewhere_private,
            "confirmed": p.location_confirmed_at is not None,
        }
    return view


def chat_view(message: ChatMessage) -> dict:
    return {
        "id": message.id,
        "author": message.author_id,
        "name": message.author.display_name,
        "text": message.body,
        "at": message.created_at.isoformat(),
    }


def checkin_view(checkin: CheckIn) -> dict:
    return {
        "id": checkin.id,
        "member": checkin.member_id,
        "kind": checkin.kind,
        "rating": checkin.rating,
        "feelings": checkin.feelings,
        "phase": checkin.phase,
        "step": checkin.step,
        "offered_grounding": checkin.offered_grounding,
        "at": checkin.created_at.isoformat(),
    }


def answer_view(answer: ScriptAnswer) -> dict:
    return {
        "id": answer.id,
        "member": answer.member_id,
        "step": answer.step,
        "text": answer.body,
        "at": answer.created_at.isoformat(),
    }


def janus_view(seat: Seat) -> dict | None:
    if not (seat.booking.is_group and janus_configured()):
        return None
    from innerchild.live import janus

    keys = [str(seat.booking.facilitator_id)] + [str(i) for i in seat.booking.attendee_ids]
    room_id = janus.ensure_room(str(seat.room.id), max_publishers=len(keys), participants=keys)
    key = str(seat.participant.user_id)
    return {
        "room": room_id,
        "token": janus.token_for(room_id, key),
        "id": janus.publisher_id_for(room_id, key),
    }


def room_state(seat: Seat) -> dict:
    room, me = seat.room, seat.participant
    facilitator = me.role == ParticipantRole.FACILITATOR
    people = list(Participant.objects.filter(room=room).select_related("user"))
    state = {
        "type": "state",
        "room": str(room.booking_id),
        "me": {"id": me.user_id, "role": me.role, "admitted": me.admitted},
        "mode": room.mode,
        "is_group": seat.booking.is_group,
        "closes_at": room.closes_at.isoformat(),
        "ended": room.ended_at is not None,
        "facilitator_id": room.facilitator_id,
        "too_large": seat.too_large,
    }
    if not me.admitted:
        state["people"] = [
            person_view(p, facilitator=False, me=me)
            for p in people
            if p.pk == me.pk or p.role == ParticipantRole.FACILITATOR
        ]
        return state
    state["people"] = [person_view(p, facilitator=facilitator, me=me) for p in people]
    state["ice_servers"] = ice_servers_for(me.user)
    state["script"] = script_view(room, facilitator=facilitator)
    messages = list(
        ChatMessage.objects.filter(room=room)
        .select_related("author")
        .order_by("-created_at")[:CHAT_HISTORY]
    )
    state["chat"] = [chat_view(m) for m in reversed(messages)]
    checkins = CheckIn.objects.filter(room=room)
    answers = ScriptAnswer.objects.filter(room=room)
    if not facilitator:
        checkins = checkins.filter(member=me.user)
        answers = answers.filter(member=me.user)
    state["checkins"] = [checkin_view(c) for c in checkins]
    state["answers"] = [answer_view(a) for a in answers]
    if facilitator:
        state["join_code"] = room.join_code if room.mode == "in_person" else ""
        state["scripts"] = [
            {"id": sid, "title": title, "intensity": intensity}
            for sid, title, intensity in guide.script_choices(me.user.language)
        ]
    return state


def needs_media_server(seat: Seat) -> bool:
    return seat.booking.is_group and janus_configured() and seat.participant.admitted


def step_check_message(high: list[dict]) -> str:
    """What the facilitator reads when Next step would go on while someone's distress is high."""
    detail = "; ".join(
        _("%(name)s is at %(rating)s (threshold %(threshold)s)") % member for member in high
    )
    return _(
        "Distress is still high (%(detail)s), so the script should not go deeper now. Stay with "
        "grounding, close the session gently, or stop for today. Press Next step again only if "
        "you have decided together to go on."
    ) % {"detail": detail}


def grounding_prompt(rating: int | None, reason: str, lowest: int | None = None) -> str:
    """What the facilitator reads when a rating calls for grounding (safety.rules: high, or a
    rise of DISTRESS_RISE over the lowest earlier rating)."""
    if rating is not None and reason == "rising" and lowest is not None:
        return _(
            "Distress rose from %(lowest)s to %(rating)s: consider grounding before going on."
        ) % {
            "lowest": lowest,
            "rating": rating,
        }
    if rating is not None:
        return _("Distress is %(rating)s: consider grounding before going on.") % {"rating": rating}
    return reason


def member_grounding_offer(reason: str) -> str:
    if reason == "rising":
        return _("Your distress has gone up. Would you like to pause and ground yourself?")
    return _("Your distress is high. Would you like to pause and ground yourself?")
