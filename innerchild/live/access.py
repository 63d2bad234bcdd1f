"""Who may be in which room: the booking's facilitator and attendees, nobody else (404 / refusal)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404

from innerchild.care import api as care
from innerchild.live.janus import janus_configured
from innerchild.live.models import Participant, ParticipantRole, Room, window_for


@dataclass
class Seat:
    """A person's place in a room: the room, their participant row and the booking behind it."""

    room: Room
    participant: Participant
    booking: care.BookingInfo

    @property
    def is_facilitator(self) -> bool:
        return self.participant.role == ParticipantRole.FACILITATOR

    @property
    def people(self) -> int:
        return 1 + len(self.booking.attendee_ids)

    @property
    def too_large(self) -> bool:
        """A group larger than a peer-to-peer mesh carries, with no media server to route it."""
        return self.people > settings.LIVE_MESH_MAX_PEOPLE and not janus_configured()


def _room_for_booking(booking: care.BookingInfo) -> Room:
    opens_at, closes_at = window_for(booking.starts_at, booking.ends_at)
    room = Room.objects.filter(booking_id=booking.id).first()
    if room is None:
        try:
            with transaction.atomic():
                room = Room.objects.create(
                    booking_id=booking.id,
                    facilitator_id=booking.facilitator_id,
                    mode=booking.mode,
                    is_group=booking.is_group,
                    opens_at=opens_at,
                    closes_at=closes_at,
                )
        except IntegrityError:
            # The other side opened the room at the same moment.
            room = Room.objects.get(booking_id=booking.id)
    elif (room.opens_at, room.closes_at, room.mode) != (opens_at, closes_at, booking.mode):
        # The booking was moved: the room follows it.
        room.opens_at, room.closes_at, room.mode = opens_at, closes_at, booking.mode
        room.save(update_fields=["opens_at", "closes_at", "mode"])
    return room


def seat_for(user, booking_id) -> Seat | None:
    """The person's seat in the room of `booking_id`, or None if they are not a participant."""
    booking = care.booking_for_participant(user, booking_id)
    if booking is None:
        return None
    room = _room_for_booking(booking)
    role = ParticipantRole.FACILITATOR if booking.is_facilitator(user) else ParticipantRole.MEMBER
    participant, _created = Participant.objects.get_or_create(
        room=room, user=user, defaults={"role": role}
    )
    return Seat(room=room, participant=participant, booking=booking)


def get_seat_for(user, booking_id) -> Seat:
    seat = seat_for(user, booking_id)
    if seat is None:
        raise Http404
    return seat


def get_seat_by_code(user, code: str) -> Seat | None:
    """An in-person room by the join code on the facilitator's screen, for one of its members."""
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    if not code:
        return None
    room = Room.objects.filter(join_code=code, ended_at__isnull=True).first()
    if room is None:
        return None
    seat = seat_for(user, room.booking_id)
    if seat is None or seat.is_facilitator:
        return None
    return seat


def current_participant(room_id, user_id, channel_name: str) -> Participant | None:
    """The participant speaking through `channel_name`, if that socket is still theirs; checked on
    every message (the caller also checks that the room is still open)."""
    return (
        Participant.objects.select_related("room")
        .filter(room_id=room_id, user_id=user_id, channel_name=channel_name)
        .first()
    )
