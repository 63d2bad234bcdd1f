"""Booking writes. Double booking is impossible: a unique constraint on (facilitator, start) for
open bookings, and an overlap check made while the facilitator's row is locked."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from innerchild.care.models import Booking, BookingStatus, CareLink
from innerchild.care.models.scheduling import OPEN_STATUSES


class SlotTaken(ValueError):
    """Another open booking of this facilitator overlaps the time."""


class NotLinked(ValueError):
    """A member is not actively linked to the facilitator."""


def _lock_facilitator(facilitator) -> None:
    # Serialises bookings of one facilitator: the overlap check and the insert happen under it.
    get_user_model().objects.select_for_update().filter(pk=facilitator.pk).first()


def overlapping(facilitator, starts_at, ends_at, *, exclude=None):
    rows = Booking.objects.filter(
        facilitator=facilitator,
        status__in=OPEN_STATUSES,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows


def do_create_booking(
    *,
    facilitator,
    members,
    starts_at,
    ends_at,
    mode="online",
    place="",
    is_group=False,
    proposed_by=None,
    status=BookingStatus.CONFIRMED,
) -> Booking:
    linked = set(
        CareLink.objects.active()
        .filter(facilitator=facilitator, member__in=members)
        .values_list("member_id", flat=True)
    )
    if any(member.pk not in linked for member in members) or not members:
        raise NotLinked("every member of a booking must be linked to the facilitator")
    try:
        with transaction.atomic():
            _lock_facilitator(facilitator)
            if overlapping(facilitator, starts_at, ends_at).exists():
                raise SlotTaken("that time is taken")
            now = timezone.now()
            booking = Booking.objects.create(
                facilitator=facilitator,
                starts_at=starts_at,
                ends_at=ends_at,
                mode=mode,
                place=place,
                is_group=is_group or len(members) > 1,
                status=status,
                proposed_by=proposed_by,
                created_at=now,
                updated_at=now,
            )
            booking.attendees.set(members)
    except IntegrityError:
        raise SlotTaken("that time is taken") from None
    return booking
