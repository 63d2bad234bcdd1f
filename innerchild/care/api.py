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


# Notes and summaries, for the live session room.
#
# - notes_url(facilitator, booking_id) -> str | None
#     The facilitator's notes page for that session (their unlocked note about it, or a new
#     note tied to it), for the first attendee they are actively linked to; None if the
#     booking is not theirs or nobody in it is linked to them.
# - send_summary(facilitator, member, booking_id, body) -> None
#     Sends `body` to the member as a summary they keep (email says only that it is waiting).
#     ValueError if they are not actively linked, the booking (optional) is not theirs, or
#     the body is empty.


def _booking_of(facilitator, booking_id) -> Booking | None:
    try:
        key = uuid.UUID(str(booking_id))
    except ValueError:
        return None
    return Booking.objects.filter(id=key, facilitator=facilitator).first()


def notes_url(facilitator, booking_id) -> str | None:
    from innerchild.care.models import Note

    booking = _booking_of(facilitator, booking_id)
    if booking is None:
        return None
    links = CareLink.objects.active().filter(
        facilitator=facilitator, member__in=booking.attendees.all()
    )
    # Names are encrypted: the first attendee by name is found here, not by the database.
    link = min(
        links.select_related("member"),
        key=lambda each: each.member.display_name.casefold(),
        default=None,
    )
    if link is None:
        return None
    note = Note.objects.filter(link=link, booking=booking, locked_at__isnull=True).first()
    if note is not None:
        return reverse("care:note_edit", args=[link.id, note.id])
    return reverse("care:note_new", args=[link.id]) + f"?booking={booking.id}"


def send_summary(facilitator, member, booking_id, body) -> None:
    from innerchild.care.actions.notes import do_send_summary

    if not is_linked(facilitator, member):
        raise ValueError("The facilitator and the member are not linked.")
    booking = None
    if booking_id:
        booking = _booking_of(facilitator, booking_id)
        if booking is None:
            raise ValueError("No such booking of this facilitator.")
    body = (body or "").strip()
    if not body:
        raise ValueError("A summary needs some text.")
    do_send_summary(facilitator, member, body=body, booking=booking)


# For the typed JSON API (innerchild.api): what a facilitator's own tools may read. Client data
# goes through care.access exactly as the pages do (404 for anyone else; every read of shared
# material logged).
#
# - clients_of(facilitator) -> list[dict]
#     {"link_id", "name", "since", "shared": [kinds], "shared_entries": [{"entry_id",
#     "expires_at"}]} for each active link; Http404 unless a verified facilitator.
# - shared_assessments(facilitator, link_id) -> list[dict]
#     {"id", "title", "count", "latest_at"} per questionnaire taken; Http404 unless shared now.
# - shared_entry(facilitator, link_id, entry_id) -> dict
#     {"id", "kind", "kind_label", "title", "created_at", "body_html"}; Http404 unless shared now.


def clients_of(facilitator) -> list[dict]:
    from django.http import Http404

    from innerchild.care.access import is_verified_facilitator
    from innerchild.care.models import Share

    if not is_verified_facilitator(facilitator):
        raise Http404
    links = sorted(
        CareLink.objects.active().of_facilitator(facilitator).select_related("member"),
        key=lambda link: (link.member.display_name.casefold(), str(link.id)),
    )
    shares: dict = {link.id: [] for link in links}
    for share in Share.objects.current().filter(link__in=links).order_by("granted_at"):
        shares[share.link_id].append(share)
    return [
        {
            "link_id": link.id,
            "name": link.member.display_name,
            "since": link.started_at,
            "shared": sorted({s.kind for s in shares[link.id] if s.item_id is None}),
            "shared_entries": [
                {"entry_id": s.item_id, "expires_at": s.expires_at}
                for s in shares[link.id]
                if s.item_id is not None
            ],
        }
        for link in links
    ]


def shared_assessments(facilitator, link_id) -> list[dict]:
    from innerchild.assessments import api as assessments
    from innerchild.care.access import client_link_for, read_shared

    link = client_link_for(facilitator, link_id)
    read_shared(link, ShareKind.ASSESSMENTS)
    return assessments.taken_instruments(link.member)


def shared_entry(facilitator, link_id, entry_id) -> dict:
    from django.http import Http404

    from innerchild.care.access import client_link_for, read_shared
    from innerchild.journal import api as journal

    link = client_link_for(facilitator, link_id)
    share = read_shared(link, ShareKind.ENTRY, entry_id)
    entry = journal.entry_for_reader(link.member, share.item_id)
    if entry is None:
        raise Http404
    return {
        key: entry[key] for key in ("id", "kind", "kind_label", "title", "created_at", "body_html")
    }
