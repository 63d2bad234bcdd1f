"""The care app's public API for other apps (the live session room builds on links and bookings).

CONTRACT (keep stable):
- booking_for_participant(user, booking_id) -> BookingInfo | None
    The booking if `user` is its facilitator or one of its attendees and the booking is open
    (proposed or confirmed); None otherwise (callers answer 404 / refuse the socket).
- create_booking(*, facilitator, members, starts_at, ends_at, mode="online", place="",
                 is_group=False) -> uuid.UUID
    A confirmed booking between a facilitator and linked members (ValueError if a member is not
    actively linked, or the time is taken). For demo data and tests; people book through pages.
- is_linked(facilitator, member) -> bool      an active link between them
- shared_safety_plan_url(facilitator, member) -> str | None
    The facilitator's page of the member's safety plan, if currently shared with them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from innerchild.care.models import Booking, BookingStatus, CareLink, ShareKind


@dataclass(frozen=True)
class BookingInfo:
    id: uuid.UUID
    facilitator_id: int
    facilitator_name: str
    attendee_ids: tuple[int, ...]
    attendee_names: dict[int, str]
    link_ids: dict[int, uuid.UUID]  # member id -> the facilitator's active link to them
    starts_at: datetime
    ends_at: datetime
    mode: str
    is_group: bool
    status: str

    def is_facilitator(self, user) -> bool:
        return user.id == self.facilitator_id

    def is_participant(self, user) -> bool:
        return user.id == self.facilitator_id or user.id in self.attendee_ids


def booking_for_participant(user, booking_id) -> BookingInfo | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        key = uuid.UUID(str(booking_id))
    except ValueError:
        return None
    booking = (
        Booking.objects.open()
        .select_related("facilitator")
        .prefetch_related("attendees")
        .filter(id=key)
        .first()
    )
    if booking is None:
        return None
    attendees = list(booking.attendees.all())
    if user.id != booking.facilitator_id and user.id not in {a.id for a in attendees}:
        return None
    links = dict(
        CareLink.objects.active()
        .filter(facilitator_id=booking.facilitator_id, member__in=attendees)
        .values_list("member_id", "id")
    )
    return BookingInfo(
        id=booking.id,
        facilitator_id=booking.facilitator_id,
        facilitator_name=booking.facilitator.display_name,
        attendee_ids=tuple(a.id for a in attendees),
        attendee_names={a.id: a.display_name for a in attendees},
        link_ids=links,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        mode=booking.mode,
        is_group=booking.is_group,
        status=booking.status,
    )


def create_booking(
    *, facilitator, members, starts_at, ends_at, mode="online", place="", is_group=False
) -> uuid.UUID:
    from innerchild.care.actions.bookings import do_create_booking

    booking = do_create_booking(
        facilitator=facilitator,
        members=list(members),
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        place=place,
        is_group=is_group,
        proposed_by=facilitator,
        status=BookingStatus.CONFIRMED,
    )
    return booking.id


def is_linked(facilitator, member) -> bool:
    return CareLink.objects.active().filter(facilitator=facilitator, member=member).exists()


def shared_safety_plan_url(facilitator, member) -> str | None:
    from innerchild.care.access import current_share

    link = CareLink.objects.active().filter(facilitator=facilitator, member=member).first()
    if link is None or current_share(link, ShareKind.SAFETY_PLAN) is None:
        return None
    return reverse("care:client_safety_plan", args=[link.id])
