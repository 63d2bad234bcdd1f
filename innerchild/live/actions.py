"""Every write of the live room, each in one transaction. The consumer tells the sockets only after
these return, that is after the data is durable."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Greatest
from django.utils import timezone

from innerchild.live.models import (
    ChatMessage,
    CheckIn,
    CheckInKind,
    Participant,
    ParticipantRole,
    Room,
    ScriptAnswer,
)
from innerchild.safety import api as safety


@dataclass
class Connected:
    participant: Participant
    replaced_channel: str  # the socket this one replaces ("" if none)


@transaction.atomic
def do_connect(participant_id: int, channel_name: str, *, auto_admit: bool = False) -> Connected:
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    replaced = participant.channel_name
    participant.channel_name = channel_name
    participant.connection += 1
    participant.online = True
    fields = ["channel_name", "connection", "online"]
    if auto_admit and participant.admitted_at is None:
        participant.admitted_at = timezone.now()
        fields.append("admitted_at")
    participant.save(update_fields=fields)
    return Connected(participant, replaced if replaced != channel_name else "")


@transaction.atomic
def do_disconnect(participant_id: int, channel_name: str) -> bool:
    """Mark the person offline, unless a newer socket already speaks for them."""
    updated = Participant.objects.filter(pk=participant_id, channel_name=channel_name).update(
        channel_name="", online=False, ready=False
    )
    return bool(updated)


@transaction.atomic
def do_set_ready(participant: Participant, ready: bool) -> None:
    participant.ready = ready
    participant.save(update_fields=["ready"])


@transaction.atomic
def do_confirm_location(participant: Participant, *, country: str, city: str, private: bool):
    participant.location_country = country
    participant.location_city = city
    participant.somewhere_private = private
    participant.location_confirmed_at = timezone.now()
    participant.save(
        update_fields=[
            "location_country",
            "location_city",
            "somewhere_private",
            "location_confirmed_at",
        ]
    )


@transaction.atomic
def do_admit(room: Room, user_id: int) -> Participant | None:
    member = (
        Participant.objects.select_for_update()
        .filter(room=room, user_id=user_id, role=ParticipantRole.MEMBER)
        .first()
    )
    if member is None:
        return None
    now = timezone.now()
    if member.admitted_at is None:
        member.admitted_at = now
        member.save(update_fields=["admitted_at"])
    if room.started_at is None:
        Room.objects.filter(pk=room.pk, started_at__isnull=True).update(started_at=now)
    return member


@transaction.atomic
def do_post_chat(room: Room, author, text: str) -> ChatMessage:
    return ChatMessage.objects.create(room=room, author=author, body=text)


def screen_chat(message: ChatMessage, author) -> safety.ScreeningOutcome:
    """Screen a chat message once it is saved: screening must never cost a person their words."""
    return safety.screen_saved_text(author, message.body, source=f"live-chat:{message.id}")


@transaction.atomic
def do_pick_script(room: Room, script_id: str, language: str) -> Room:
    room = Room.objects.select_for_update().get(pk=room.pk)
    room.script_id = script_id
    room.script_language = language
    room.step = 0
    room.furthest_step = 0
    room.paused = False
    room.paused_by_member = False
    room.save(
        update_fields=[
            "script_id",
            "script_language",
            "step",
            "furthest_step",
            "paused",
            "paused_by_member",
        ]
    )
    return room


def do_go_to_step(room: Room, step: int) -> Room:
    # One statement: the busiest write of a session, atomic on its own.
    Room.objects.filter(pk=room.pk).update(step=step, furthest_step=Greatest("furthest_step", step))
    room.step = step
    room.furthest_step = max(room.furthest_step, step)
    return room


@transaction.atomic
def do_pause(room: Room, paused: bool, *, by_member: bool) -> Room:
    room = Room.objects.select_for_update().get(pk=room.pk)
    room.paused = paused
    room.paused_by_member = paused and by_member
    room.save(update_fields=["paused", "paused_by_member"])
    return room


def exercise_key(room: Room, member_id: int) -> str:
    return f"live-session:{room.id}:{member_id}"


@transaction.atomic
def do_check_in(
    room: Room, member, *, rating: int | None = None, feelings: list[str] | None = None
) -> tuple[CheckIn, safety.DistressDecision | None]:
    decision = None
    if rating is not None:
        earlier = CheckIn.objects.filter(
            room=room, member=member, kind=CheckInKind.DISTRESS
        ).exists()
        phase = "after" if room.ended_at else ("during" if earlier else "before")
        decision = safety.record_distress(
            member, exercise=exercise_key(room, member.id), rating=rating, phase=phase
        )
        checkin = CheckIn.objects.create(
            room=room,
            member=member,
            kind=CheckInKind.DISTRESS,
            rating=rating,
            phase=phase,
            step=room.step if room.script_id else None,
            offered_grounding=decision.offer_grounding,
        )
    else:
        checkin = CheckIn.objects.create(
            room=room,
            member=member,
            kind=CheckInKind.FEELINGS,
            feelings=list(feelings or []),
            step=room.step if room.script_id else None,
        )
    return checkin, decision


@transaction.atomic
def do_save_answer(room: Room, member, *, step: int, text: str) -> ScriptAnswer:
    return ScriptAnswer.objects.create(
        room=room, member=member, script_id=room.script_id, step=step, body=text
    )


def screen_answer(answer: ScriptAnswer, member) -> safety.ScreeningOutcome:
    return safety.screen_saved_text(member, answer.body, source=f"live-answer:{answer.id}")


@transaction.atomic
def do_end(room: Room) -> Room:
    room = Room.objects.select_for_update().get(pk=room.pk)
    if room.ended_at is None:
        room.ended_at = timezone.now()
        room.paused = False
        room.save(update_fields=["ended_at", "paused"])
    return room
