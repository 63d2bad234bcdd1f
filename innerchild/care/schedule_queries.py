"""Read-only views of the schedule for pages of this app and others (the practice home page).

Every function returns plain dicts with aware UTC datetimes; templates show them in the viewer's
time zone (the middleware activates it). Constant number of queries whatever the number of rows.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from innerchild.care.models import Booking


def as_dict(booking: Booking, viewer) -> dict:
    attendees = list(booking.attendees.all())
    if viewer.pk == booking.facilitator_id:
        others = [person.display_name for person in attendees]
    else:
        others = [booking.facilitator.display_name]
    return {
        "id": booking.id,
        "url": reverse("care:booking", args=[booking.id]),
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "with": others,
        "mode": booking.mode,
        "mode_label": booking.get_mode_display(),
        "status": booking.status,
        "status_label": booking.get_status_display(),
        "is_group": booking.is_group,
        "needs_answer": booking.status == "proposed" and viewer.pk != booking.facilitator_id,
    }


LISTED_FIELDS = (
    "id",
    "facilitator_id",
    "starts_at",
    "ends_at",
    "mode",
    "status",
    "is_group",
)


def _upcoming(rows, viewer, limit: int | None, until: datetime | None) -> list[dict]:
    # A session still running counts as upcoming until it ends.
    rows = rows.open().filter(ends_at__gt=timezone.now())
    if until is not None:
        rows = rows.filter(starts_at__lt=until)
    # Names only: whole user rows (and the encrypted place) cost more than the list needs.
    people = get_user_model().objects.only("id", "display_name")
    rows = (
        rows.select_related("facilitator")
        .only(*LISTED_FIELDS, "facilitator__display_name")
        .prefetch_related(Prefetch("attendees", queryset=people))
        .order_by("starts_at")
    )
    if limit is not None:
        rows = rows[:limit]
    return [as_dict(booking, viewer) for booking in rows]


def upcoming_for_facilitator(user, limit: int | None = 10, *, until=None) -> list[dict]:
    """The facilitator's open sessions (confirmed and proposed) that have not ended, soonest first."""
    return _upcoming(Booking.objects.for_facilitator(user), user, limit, until)


def upcoming_for_member(user, limit: int | None = 10, *, until=None) -> list[dict]:
    """The member's open sessions (confirmed, and proposals waiting for their answer)."""
    return _upcoming(Booking.objects.for_member(user), user, limit, until)


def feed_bookings(user):
    """What a person's calendar feed lists: their open sessions, led or attended, not yet ended."""
    from django.db.models import Q

    return (
        Booking.objects.open()
        .filter(Q(facilitator=user) | Q(attendees=user), ends_at__gt=timezone.now())
        .distinct()
        .select_related("facilitator")
        .prefetch_related("attendees")
        .order_by("starts_at")
    )
