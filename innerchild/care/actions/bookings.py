"""Booking writes. Double booking is impossible: a unique constraint on (facilitator, start) for
open bookings, and an overlap check made while the facilitator's row is locked.

Every refusal is a `BookingRefused` whose message can be shown as is; nothing is saved then.
Emails (with .ics) and reminders are queued in the same transaction and go out after it commits.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from time import sleep
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innerchild.care import slots as slot_rules
from innerchild.care import tasks
from innerchild.care.models import (
    AvailabilityException,
    AvailabilityRule,
    Booking,
    BookingMode,
    BookingStatus,
    CalendarFeed,
    CareLink,
)
from innerchild.care.models.scheduling import OPEN_STATUSES

MAX_GROUP_SIZE = 12
LOCKED_RETRIES = 30

T = TypeVar("T")


class BookingRefused(ValueError):
    """A booking write that cannot happen; the message is for the person."""

    def __init__(self, message=None):
        super().__init__(str(message or self.default_message))

    default_message = _("That booking is not possible.")


class SlotTaken(BookingRefused):
    default_message = _("That time was just taken. Please choose another one.")


class NotLinked(BookingRefused):
    default_message = _("Every member of a session must be linked to you.")


class InThePast(BookingRefused):
    default_message = _("That time has passed. Please choose a time in the future.")


class OutsideAvailability(BookingRefused):
    default_message = _("That time is not one of the open times. Please choose one from the list.")


class TooSoon(BookingRefused):
    default_message = _(
        "Sessions are booked at least %(hours)d hours ahead. Please choose a later time, or "
        "contact your facilitator."
    )


class TooLateToChange(BookingRefused):
    default_message = _(
        "This session starts soon, so it can no longer be changed or cancelled here. "
        "Please contact your facilitator."
    )


class NotOpen(BookingRefused):
    default_message = _("This session is no longer open.")


class MovedByFacilitator(BookingRefused):
    default_message = _(
        "Only the facilitator can move this session. Please ask them, or cancel and book again."
    )


class TooManyMembers(BookingRefused):
    default_message = _("A group session has at most 12 members.")


def cancel_notice() -> timedelta:
    """How long before a session a member can still cancel or move it online."""
    return timedelta(hours=settings.CARE_CANCEL_NOTICE_HOURS)


def booking_notice() -> timedelta:
    """How far ahead an open slot must start for a member to book it."""
    return timedelta(hours=settings.CARE_BOOKING_NOTICE_HOURS)


def _retry_when_locked(write: Callable[[], T]) -> T:
    """Run `write` (one transaction), trying again for a while if SQLite says it is locked.

    SQLite lets one writer at a time: another one waits up to its busy timeout, and an in-memory
    shared-cache database answers "locked" at once. Retrying keeps a person who books at the same
    moment as someone else from seeing an error; the losers then find the slot taken. Inside an
    outer transaction a retry cannot help, so the error is raised as it is."""
    for attempt in range(LOCKED_RETRIES):
        try:
            return write()
        except OperationalError as exc:
            outer = transaction.get_connection().in_atomic_block
            if "is locked" not in str(exc).lower() or outer or attempt == LOCKED_RETRIES - 1:
                raise
            sleep(random.uniform(0.01, 0.05) * (1 + attempt // 5))
    raise AssertionError("unreachable")


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


def windows_of(facilitator) -> list[slot_rules.Window]:
    return [
        slot_rules.Window(
            weekday=rule.weekday,
            start=rule.start_time,
            end=rule.end_time,
            session_minutes=rule.session_minutes,
            gap_minutes=rule.gap_minutes,
            mode=rule.mode,
            place=rule.place,
            valid_from=rule.valid_from,
            valid_until=rule.valid_until,
        )
        for rule in AvailabilityRule.objects.filter(facilitator=facilitator)
    ]


def open_slots_for(
    facilitator,
    first: date,
    last: date,
    *,
    exclude: Booking | None = None,
    now=None,
    notice: timedelta | None = None,
) -> list[slot_rules.Slot]:
    """The facilitator's open slots on their local dates `first`..`last`, as members see them."""
    now = now or timezone.now()
    # A day either side: the facilitator's local dates straddle UTC days.
    window_start = datetime.combine(first - timedelta(days=1), time(), tzinfo=UTC)
    window_end = datetime.combine(last + timedelta(days=2), time(), tzinfo=UTC)
    busy = overlapping(facilitator, window_start, window_end, exclude=exclude).values_list(
        "starts_at", "ends_at"
    )
    away = AvailabilityException.objects.filter(
        facilitator=facilitator, ends_on__gte=first, starts_on__lte=last
    ).values_list("starts_on", "ends_on")
    return slot_rules.open_slots(
        windows=windows_of(facilitator),
        zone=facilitator.timezone or "UTC",
        first=first,
        last=last,
        now=now,
        notice=booking_notice() if notice is None else notice,
        away=list(away),
        busy=list(busy),
    )


def _require_linked(facilitator, members) -> None:
    if not members:
        raise NotLinked
    linked = set(
        CareLink.objects.active()
        .filter(facilitator=facilitator, member__in=members)
        .values_list("member_id", flat=True)
    )
    if any(member.pk not in linked for member in members):
        raise NotLinked


def _require_open_slot(facilitator, starts_at, *, exclude=None) -> slot_rules.Slot:
    if starts_at <= timezone.now():
        raise InThePast
    first, last = slot_rules.local_dates_around(starts_at, facilitator.timezone or "UTC")
    # Under the facilitator's lock, so a slot booked a moment ago is no longer open here.
    # The notice is applied here rather than in the slot computation, to say why a slot is refused.
    slot = slot_rules.find_slot(
        open_slots_for(facilitator, first, last, exclude=exclude, notice=timedelta(0)), starts_at
    )
    if slot is not None and starts_at >= timezone.now() + booking_notice():
        return slot
    if overlapping(
        facilitator, starts_at, starts_at + timedelta(minutes=1), exclude=exclude
    ).exists():
        raise SlotTaken
    if slot is not None:
        raise TooSoon(
            TooSoon.default_message % {"hours": int(booking_notice().total_seconds() // 3600)}
        )
    raise OutsideAvailability


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
    notify: bool = False,
) -> Booking:
    """A booking at any future-or-past instant the caller chose (demo data, facilitators);
    members book through do_book_slot, which checks the slot is open."""
    members = list(members)
    _require_linked(facilitator, members)
    if len(members) > MAX_GROUP_SIZE:
        raise TooManyMembers
    return _retry_when_locked(
        lambda: _create_booking(
            facilitator,
            members,
            starts_at,
            ends_at,
            mode=mode,
            place=place,
            is_group=is_group,
            proposed_by=proposed_by,
            status=status,
            notify=notify,
        )
    )


def _create_booking(
    facilitator, members, starts_at, ends_at, *, mode, place, is_group, proposed_by, status, notify
) -> Booking:
    try:
        with transaction.atomic():
            _lock_facilitator(facilitator)
            if overlapping(facilitator, starts_at, ends_at).exists():
                raise SlotTaken
            now = timezone.now()
            booking = Booking.objects.create(
                facilitator=facilitator,
                starts_at=starts_at,
                ends_at=ends_at,
                mode=mode,
                place=place if mode == BookingMode.IN_PERSON else "",
                is_group=is_group or len(members) > 1,
                status=status,
                proposed_by=proposed_by,
                created_at=now,
                updated_at=now,
            )
            booking.attendees.set(members)
            if notify:
                tasks.send_booking_email(
                    booking, "proposed" if status == "proposed" else "confirmed"
                )
            if status == BookingStatus.CONFIRMED and starts_at > now:
                tasks.schedule_booking_reminders(booking)
    except IntegrityError:
        raise SlotTaken from None
    return booking


def do_book_slot(*, member, facilitator, starts_at) -> Booking:
    """A member books one of the facilitator's open slots; confirmed at once."""
    _require_linked(facilitator, [member])
    return _retry_when_locked(lambda: _book_slot(member, facilitator, starts_at))


def _book_slot(member, facilitator, starts_at) -> Booking:
    try:
        with transaction.atomic():
            _lock_facilitator(facilitator)
            slot = _require_open_slot(facilitator, starts_at)
            now = timezone.now()
            booking = Booking.objects.create(
                facilitator=facilitator,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                mode=slot.mode,
                place=slot.place if slot.mode == BookingMode.IN_PERSON else "",
                status=BookingStatus.CONFIRMED,
                proposed_by=member,
                created_at=now,
                updated_at=now,
            )
            booking.attendees.set([member])
            tasks.send_booking_email(booking, "confirmed")
            tasks.schedule_booking_reminders(booking)
    except IntegrityError:
        raise SlotTaken from None
    return booking


def do_propose_booking(
    *, facilitator, members, starts_at, minutes: int, mode: str, place: str = ""
) -> Booking:
    """The facilitator proposes a time (outside their windows too). One member: proposed, the
    member accepts or declines; several members: a group session, confirmed and announced."""
    members = list(members)
    if starts_at <= timezone.now():
        raise InThePast
    group = len(members) > 1
    return do_create_booking(
        facilitator=facilitator,
        members=members,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        mode=mode,
        place=place,
        is_group=group,
        proposed_by=facilitator,
        status=BookingStatus.CONFIRMED if group else BookingStatus.PROPOSED,
        notify=True,
    )


def _touch(booking: Booking, **fields) -> None:
    for name, value in fields.items():
        setattr(booking, name, value)
    booking.updated_at = timezone.now()
    booking.save(update_fields=[*fields, "updated_at"])


def _reload_locked(booking: Booking) -> Booking:
    _lock_facilitator(booking.facilitator)
    fresh = Booking.objects.select_related("facilitator").get(pk=booking.pk)
    if not fresh.is_open:
        raise NotOpen
    return fresh


@transaction.atomic
def do_answer_proposal(member, booking: Booking, *, accept: bool) -> Booking:
    booking = _reload_locked(booking)
    if booking.status != BookingStatus.PROPOSED:
        raise NotOpen
    if accept:
        if booking.starts_at <= timezone.now():
            raise InThePast
        _touch(booking, status=BookingStatus.CONFIRMED, sequence=booking.sequence + 1)
        tasks.send_booking_email(booking, "confirmed")
        tasks.schedule_booking_reminders(booking)
    else:
        _touch(
            booking,
            status=BookingStatus.DECLINED,
            sequence=booking.sequence + 1,
            cancelled_at=timezone.now(),
            cancelled_by=member,
        )
        tasks.send_booking_email(booking, "declined")
    return booking


def member_may_move(booking: Booking) -> bool:
    """Members move their own confirmed one-to-one sessions; proposals are answered, groups are
    moved by the facilitator."""
    return not booking.is_group and booking.status == BookingStatus.CONFIRMED


def member_may_change(booking: Booking, now=None) -> bool:
    return booking.starts_at - (now or timezone.now()) >= cancel_notice()


@transaction.atomic
def do_cancel_booking(person, booking: Booking) -> Booking:
    """The facilitator cancels at any time. A member cancels outside the notice period; in a group
    session a member leaves it (the others keep their place)."""
    booking = _reload_locked(booking)
    is_facilitator = person.pk == booking.facilitator_id
    if not is_facilitator and not member_may_change(booking):
        raise TooLateToChange
    attendees = list(booking.attendees.all())
    if not is_facilitator and booking.is_group and len(attendees) > 1:
        booking.attendees.remove(person)
        tasks.send_booking_email(booking, "cancelled", recipients=[person])
        return booking
    old_sequence = booking.sequence
    _touch(
        booking,
        status=BookingStatus.CANCELLED,
        sequence=old_sequence + 1,
        cancelled_at=timezone.now(),
        cancelled_by=person,
    )
    tasks.cancel_booking_reminders(booking, old_sequence)
    tasks.send_booking_email(booking, "cancelled")
    return booking


@transaction.atomic
def do_cancel_bookings_of_ended_link(facilitator, member, *, by) -> int:
    """When a link ends, its future sessions end too: one-to-one sessions are cancelled, and the
    member leaves group sessions. Everyone concerned is emailed. Returns how many were changed."""
    _lock_facilitator(facilitator)
    changed = 0
    rows = (
        Booking.objects.open()
        .filter(facilitator=facilitator, attendees=member, starts_at__gt=timezone.now())
        .select_related("facilitator")
        .prefetch_related("attendees")
    )
    for booking in rows:
        others = [person for person in booking.attendees.all() if person.pk != member.pk]
        if booking.is_group and others:
            booking.attendees.remove(member)
            tasks.send_booking_email(booking, "cancelled", recipients=[member])
        else:
            old_sequence = booking.sequence
            _touch(
                booking,
                status=BookingStatus.CANCELLED,
                sequence=old_sequence + 1,
                cancelled_at=timezone.now(),
                cancelled_by=by,
            )
            tasks.cancel_booking_reminders(booking, old_sequence)
            tasks.send_booking_email(booking, "cancelled")
        changed += 1
    return changed


def do_reschedule_booking(person, booking: Booking, starts_at, *, minutes: int | None = None):
    """Move a booking. A member picks an open slot, outside the notice period; the facilitator may
    choose any future time that does not overlap another session."""
    return _retry_when_locked(lambda: _reschedule(person, booking, starts_at, minutes))


def _reschedule(person, booking: Booking, starts_at, minutes: int | None) -> Booking:
    try:
        with transaction.atomic():
            booking = _reload_locked(booking)
            is_facilitator = person.pk == booking.facilitator_id
            if starts_at <= timezone.now():
                raise InThePast
            if is_facilitator:
                length = (
                    timedelta(minutes=minutes) if minutes else booking.ends_at - booking.starts_at
                )
                ends_at = starts_at + length
                if overlapping(booking.facilitator, starts_at, ends_at, exclude=booking).exists():
                    raise SlotTaken
            else:
                if booking.is_group or booking.status != BookingStatus.CONFIRMED:
                    raise MovedByFacilitator
                if not member_may_change(booking):
                    raise TooLateToChange
                slot = _require_open_slot(booking.facilitator, starts_at, exclude=booking)
                ends_at = slot.ends_at
            old_sequence = booking.sequence
            _touch(booking, starts_at=starts_at, ends_at=ends_at, sequence=old_sequence + 1)
            tasks.cancel_booking_reminders(booking, old_sequence)
            if booking.status == BookingStatus.CONFIRMED:
                tasks.schedule_booking_reminders(booking)
            tasks.send_booking_email(booking, "changed")
    except IntegrityError:
        raise SlotTaken from None
    return booking


@transaction.atomic
def do_add_availability_rule(facilitator, data: dict) -> AvailabilityRule:
    return AvailabilityRule.objects.create(
        facilitator=facilitator,
        weekday=data["weekday"],
        start_time=data["start_time"],
        end_time=data["end_time"],
        session_minutes=data["session_minutes"],
        gap_minutes=data["gap_minutes"],
        mode=data["mode"],
        place=data["place"] if data["mode"] == BookingMode.IN_PERSON else "",
    )


@transaction.atomic
def do_delete_availability_rule(rule: AvailabilityRule) -> None:
    # Bookings already made in the window stay: removing a window only stops new bookings.
    rule.delete()


@transaction.atomic
def do_add_days_away(facilitator, data: dict) -> AvailabilityException:
    return AvailabilityException.objects.create(
        facilitator=facilitator,
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        label=data.get("label", ""),
    )


@transaction.atomic
def do_delete_days_away(away: AvailabilityException) -> None:
    away.delete()


def feed_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_reset_calendar_feed(person) -> str:
    """A new secret feed token for `person`; the previous URL stops working. Returns the token,
    which is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        person=person,
        defaults={"token_digest": feed_digest(token), "created_at": timezone.now()},
    )
    return token
