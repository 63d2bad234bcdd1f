"""Writes for facilitators' private notes and the summaries they send to a member.

A locked note is never changed again: edits are refused under a row lock, and corrections are
amendments, new notes that point at it. Summaries belong to the member once sent.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innerchild.care.models import Booking, CareLink, Note, NoteTemplate, SharedSummary
from innerchild.core import dashboard, jobs


class NoteLocked(Exception):
    """The note was locked (perhaps in another tab) and cannot be edited."""


@transaction.atomic
def do_create_note(
    link: CareLink, *, template: str, sections: dict, booking: Booking | None = None
) -> Note:
    now = timezone.now()
    return Note.objects.create(
        link=link,
        booking=booking,
        template=template,
        sections=json.dumps(sections),
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def do_update_note(note: Note, *, sections: dict, booking: Booking | None) -> Note:
    current = Note.objects.select_for_update().get(pk=note.pk)
    if current.is_locked:
        raise NoteLocked
    current.sections = json.dumps(sections)
    current.booking = booking
    current.updated_at = timezone.now()
    current.save(update_fields=["sections", "booking", "updated_at"])
    return current


@transaction.atomic
def do_lock_note(note: Note) -> None:
    current = Note.objects.select_for_update().get(pk=note.pk)
    if not current.is_locked:
        current.locked_at = timezone.now()
        current.save(update_fields=["locked_at"])


@transaction.atomic
def do_amend_note(note: Note, *, body: str) -> Note:
    """An amendment is itself locked at once: it is the record of a correction."""
    now = timezone.now()
    return Note.objects.create(
        link=note.link,
        booking=note.booking,
        template=NoteTemplate.FREE,
        sections=json.dumps({"body": body}),
        created_at=now,
        updated_at=now,
        locked_at=now,
        amends=note,
    )


def _site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


@transaction.atomic
def do_send_summary(
    facilitator, member, *, body: str, booking: Booking | None = None
) -> SharedSummary:
    summary = SharedSummary.objects.create(
        member=member,
        facilitator=facilitator,
        facilitator_name=facilitator.display_name,
        booking=booking,
        body=body,
        sent_at=timezone.now(),
    )
    # The email says only that a summary is waiting: its words stay in the app.
    with translation.override(member.language or settings.LANGUAGE_CODE):
        jobs.send_mail_later(
            to=[member.email],
            subject=_("%(name)s sent you a summary") % {"name": facilitator.display_name},
            body=_("%(name)s sent you a summary. You can read it here: %(url)s")
            % {
                "name": facilitator.display_name,
                "url": _site_url(reverse("care:my_summary", args=[summary.id])),
            },
            once_key=f"care-summary:{summary.id}",
        )
    transaction.on_commit(lambda: dashboard.bump(member.id))
    return summary
