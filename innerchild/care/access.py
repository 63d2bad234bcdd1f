"""Who may see what in facilitated practice. Every care page asks here first; anything not allowed
is a 404, never a 403, so nobody learns that a client, a share or an entry exists.

The rules:
- A facilitator reaches a client only through an active link of their own (ended links: 404,
  including old bookmarks), and only while their account is verified by staff.
- Shared material also needs a current share (not revoked, not expired) of that kind, or of that
  one item. Every read of shared material is written to the audit log, without content.
- A member reaches only their own links, invitations addressed to them, and their own bookings.
"""

from __future__ import annotations

import uuid

from django.http import Http404
from django.shortcuts import get_object_or_404

from innerchild.audit import api as audit
from innerchild.care.models import (
    Assignment,
    Booking,
    CareLink,
    FacilitatorScript,
    Note,
    Share,
    SharedSummary,
    ShareKind,
)


def _uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def is_practising_facilitator(user) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_facilitator", False) and user.is_active)


def is_verified_facilitator(user) -> bool:
    return is_practising_facilitator(user) and user.facilitator_verified


def require_facilitator(user) -> None:
    """Facilitator-only pages (their practice, availability) 404 for everyone else."""
    if not is_practising_facilitator(user):
        raise Http404


def client_link_for(user, link_id) -> CareLink:
    """The facilitator's active link to a client; 404 for anyone else or once the link ended."""
    if not is_verified_facilitator(user):
        raise Http404
    return get_object_or_404(
        CareLink.objects.active().select_related("member"),
        id=_uuid(link_id),
        facilitator=user,
    )


def member_link_for(user, link_id, *, include_ended: bool = False) -> CareLink:
    """One of the member's own links (to manage sharing or end it)."""
    if not user.is_authenticated:
        raise Http404
    links = CareLink.objects.all() if include_ended else CareLink.objects.active()
    return get_object_or_404(links.select_related("facilitator"), id=_uuid(link_id), member=user)


def current_share(link: CareLink, kind: str, item_id=None) -> Share | None:
    shares = Share.objects.current().filter(link=link, kind=kind)
    shares = shares.filter(item_id=item_id) if item_id is not None else shares.filter(item_id=None)
    return shares.first()


def shared_kinds(link: CareLink) -> set[str]:
    """The kinds shared right now (entries excluded), in one query."""
    return set(
        Share.objects.current()
        .filter(link=link, item_id__isnull=True)
        .values_list("kind", flat=True)
    )


def read_shared(link: CareLink, kind: str, item_id=None) -> Share:
    """The current share that allows this read, with the read written to the audit log;
    404 when nothing current allows it."""
    if kind == ShareKind.ENTRY:
        share = current_share(link, kind, _uuid(item_id))
    else:
        share = current_share(link, kind)
    if share is None:
        raise Http404
    audit.record(
        audit.Event.FACILITATOR_READ,
        actor=link.facilitator,
        subject=link.member,
        target_kind=kind,
        target_id=str(item_id or ""),
    )
    return share


def booking_for(user, booking_id) -> Booking:
    """A booking its facilitator or one of its attendees may see; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404
    booking = get_object_or_404(Booking.objects.select_related("facilitator"), id=_uuid(booking_id))
    if booking.facilitator_id == user.id:
        return booking
    if booking.attendees.filter(id=user.id).exists():
        return booking
    raise Http404


# Assignments, notes, summaries and facilitators' own scripts.


def own_script_for(user, script_id):
    """A facilitator's own script, for its author only."""
    require_facilitator(user)
    return get_object_or_404(FacilitatorScript.objects.of(user), id=_uuid(script_id))


def client_assignment_for(link: CareLink, assignment_id):
    """An assignment given through this link (the facilitator was checked by client_link_for)."""
    return get_object_or_404(
        Assignment.objects.select_related("script"), id=_uuid(assignment_id), link=link
    )


def member_assignment_for(user, assignment_id):
    """One of the member's own active assignments (a stopped one, or one whose link ended, is
    no longer theirs to do)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Assignment.objects.active().select_related("link__facilitator", "script"),
        id=_uuid(assignment_id),
        link__member=user,
    )


def client_note_for(link: CareLink, note_id):
    """A note the facilitator wrote about this client; never the member's to see."""
    return get_object_or_404(Note.objects.select_related("booking"), id=_uuid(note_id), link=link)


def member_summary_for(user, summary_id):
    """A summary sent to the member; theirs to keep, also after the link ended."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(SharedSummary.objects.all(), id=_uuid(summary_id), member=user)
