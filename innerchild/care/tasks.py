"""Background work of the care app, through the durable job queue (innerchild.core.jobs).

Sections, one per feature; each names its jobs `care-<feature>-...`.
"""

from __future__ import annotations

import logging
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innerchild.core import dates, jobs

logger = logging.getLogger("innerchild.care")


# Booking emails and reminders.
#
# Every participant gets an email with an .ics invitation when a booking is made, proposed,
# changed or cancelled, and reminders 24 hours and 1 hour before it starts. Each reminder is a job
# keyed by booking, sequence and lead time: a change or a cancellation withdraws the old jobs, and
# the job itself re-checks that the booking is still open and unchanged before sending anything.

REMINDER_LEADS = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}


def _site_url(path: str) -> str:
    return settings.SITE_URL + path


def _local_when(booking, person) -> str:
    try:
        zone = zoneinfo.ZoneInfo(person.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    starts = booking.starts_at.astimezone(zone)
    ends = booking.ends_at.astimezone(zone)
    return _("%(day)s, %(start)s-%(end)s (%(zone)s)") % {
        "day": dates.shown(starts, "day", zone=zone),
        "start": dates.shown(starts, "time", zone=zone),
        "end": dates.shown(ends, "time", zone=zone),
        "zone": zone.key,
    }


def participants(booking) -> list:
    return [booking.facilitator, *booking.attendees.all()]


def _subject_and_intro(event: str, booking) -> tuple[str, str]:
    if event == "confirmed":
        return _("Session booked"), _("Your session is booked.")
    if event == "proposed":
        return _("A session time is proposed"), _(
            "A session time is proposed. Open the session page to accept or decline it."
        )
    if event == "changed":
        return _("Session moved"), _("Your session has a new time.")
    if event == "declined":
        return _("Proposed session declined"), _("The proposed session time was declined.")
    if event == "cancelled":
        return _("Session cancelled"), _("This session is cancelled.")
    raise ValueError(event)


def send_booking_email(booking, event: str, recipients=None) -> None:
    """Email each recipient (default: every participant) about `event`, with an .ics attached.

    Rendered now, in each person's language and time zone; sent after the transaction commits."""
    from innerchild.care import ics

    cancelled = event in ("cancelled", "declined")
    for person in recipients if recipients is not None else participants(booking):
        with translation.override(person.language or settings.LANGUAGE_CODE):
            subject, intro = _subject_and_intro(event, booking)
            body = "\n\n".join(
                [
                    intro,
                    _("When: %(when)s") % {"when": _local_when(booking, person)},
                    _("Where: %(where)s") % {"where": ics.location_for(booking)},
                    _("Details: %(url)s")
                    % {"url": _site_url(reverse("care:booking", args=[booking.id]))},
                ]
            )
            invitation = ics.invitation(booking, person, cancelled=cancelled)
        method = "CANCEL" if cancelled else "REQUEST"
        jobs.send_mail_later(
            to=[person.email],
            subject=subject,
            body=body,
            attachments=[("invite.ics", invitation, f"text/calendar; method={method}")],
        )


def reminder_key(booking, lead: str, sequence: int | None = None) -> str:
    sequence = booking.sequence if sequence is None else sequence
    return f"care-reminder:{booking.id}:{sequence}:{lead}"


def schedule_booking_reminders(booking) -> None:
    """Queue the 24 h and 1 h reminders of the booking as it is now (those already due are skipped:
    a session booked 30 minutes ahead gets its confirmation, not a late reminder)."""
    now = timezone.now()
    for lead, before in REMINDER_LEADS.items():
        run_after = booking.starts_at - before
        if run_after <= now:
            continue
        jobs.schedule(
            send_booking_reminder,
            str(booking.id),
            booking.sequence,
            lead,
            run_after=run_after,
            key=reminder_key(booking, lead),
        )


def cancel_booking_reminders(booking, sequence: int | None = None) -> None:
    for lead in REMINDER_LEADS:
        jobs.cancel(reminder_key(booking, lead, sequence))


@jobs.task()
def send_booking_reminder(booking_id: str, sequence: int, lead: str) -> str:
    """Remind every participant of a session, once, if it still stands as it was scheduled."""
    from innerchild.care.models import Booking

    booking = (
        Booking.objects.open()
        .select_related("facilitator")
        .prefetch_related("attendees")
        .filter(id=booking_id, sequence=sequence)
        .first()
    )
    if booking is None:
        return "not sent: the booking was cancelled or changed"
    if booking.starts_at <= timezone.now():
        return "not sent: the session has started"
    from innerchild.care import ics

    for person in participants(booking):
        with translation.override(person.language or settings.LANGUAGE_CODE):
            if lead == "1h":
                subject = _("Your session starts in an hour")
            else:
                subject = _("Your session is tomorrow")
            body = "\n\n".join(
                [
                    subject + ".",
                    _("When: %(when)s") % {"when": _local_when(booking, person)},
                    _("Where: %(where)s") % {"where": ics.location_for(booking)},
                    _("Details: %(url)s")
                    % {"url": _site_url(reverse("care:booking", args=[booking.id]))},
                ]
            )
        jobs.send_mail_later(
            to=[person.email],
            subject=subject,
            body=body,
            once_key=f"{reminder_key(booking, lead, sequence)}:{person.id}",
        )
    return "sent"
