"""Periodic jobs for assignments (innerchild.core.jobs): the member hears when something from
their facilitator opens (a questionnaire sent now or on its schedule, a new practice), and a
reminder the day before it is due. Each is marked on the row when queued, and each email also
carries a once key, so nothing is sent twice however often or wherever the job runs.

Registered by `register()`, which care/hooks.py calls through assignment_hooks.register().
Emails never name what was assigned: only who sent something and where to find it.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innerchild.care.actions.assignments import zone_named
from innerchild.care.models import Assignment
from innerchild.core import dates, jobs

REMIND_BEFORE = timedelta(hours=24)
EVERY = timedelta(minutes=15)
BATCH = 500


def _site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _local(when, person) -> str:
    zone = zone_named(person.timezone)
    return f"{dates.shown(when, zone=zone)} ({zone.key})"


def _email(assignment, subject, lead, key: str) -> None:
    """`subject` and `lead` are lazy: they are rendered in the member's language."""
    member = assignment.link.member
    with translation.override(member.language or settings.LANGUAGE_CODE):
        url = _site_url(reverse("care:my_assignment", args=[assignment.id]))
        title = str(subject) % {"name": assignment.link.facilitator.display_name}
        lines = [title + "."]
        if assignment.due_at:
            lines.append(str(lead) % {"when": _local(assignment.due_at, member)})
        lines.append(_("You can find it here: %(url)s") % {"url": url})
        jobs.send_mail_later(
            to=[member.email], subject=title, body="\n\n".join(lines), once_key=key
        )


def _due_rows(filters):
    return (
        Assignment.objects.active()
        .filter(filters)
        .select_related("link__member", "link__facilitator")
        .order_by("opens_at")[:BATCH]
    )


def announce_opened(now=None) -> int:
    """Tell each member once about every occurrence that has opened for them."""
    now = now or timezone.now()
    sent = 0
    rows = _due_rows(
        Q(opens_at__lte=now)
        & (Q(notified_open_for__isnull=True) | ~Q(notified_open_for=F("opens_at")))
    )
    for assignment in rows:
        with transaction.atomic():
            claimed = (
                Assignment.objects.filter(id=assignment.id, opens_at=assignment.opens_at)
                .exclude(notified_open_for=assignment.opens_at)
                .update(notified_open_for=assignment.opens_at)
            )
            if not claimed:
                continue
            _email(
                assignment,
                gettext_lazy("%(name)s has sent you something to do"),
                gettext_lazy("It is due on %(when)s."),
                f"care-assignment-open:{assignment.id}:{assignment.opens_at.isoformat()}",
            )
            sent += 1
    return sent


def remind_due(now=None) -> int:
    """Remind each member once, a day ahead, of an occurrence not done yet."""
    now = now or timezone.now()
    sent = 0
    rows = _due_rows(
        # One that opened within the day before it is due was just announced: no reminder.
        Q(due_at__gt=now, due_at__lte=now + REMIND_BEFORE, opens_at__lte=now)
        & Q(opens_at__lte=F("due_at") - REMIND_BEFORE)
        & (Q(last_reminded_for__isnull=True) | ~Q(last_reminded_for=F("due_at")))
    )
    open_ids = set(
        Assignment.objects.open(now)
        .filter(id__in=[a.id for a in rows])
        .values_list("id", flat=True)
    )
    for assignment in rows:
        if assignment.id not in open_ids:
            continue
        with transaction.atomic():
            claimed = (
                Assignment.objects.filter(id=assignment.id, due_at=assignment.due_at)
                .exclude(last_reminded_for=assignment.due_at)
                .update(last_reminded_for=assignment.due_at)
            )
            if not claimed:
                continue
            _email(
                assignment,
                gettext_lazy("A reminder from %(name)s"),
                gettext_lazy("Something from your facilitator is due on %(when)s."),
                f"care-assignment-due:{assignment.id}:{assignment.due_at.isoformat()}",
            )
            sent += 1
    return sent


@jobs.task()
def announce_opened_assignments() -> str:
    return f"announced {announce_opened()}"


@jobs.task()
def remind_due_assignments() -> str:
    return f"reminded {remind_due()}"


def register() -> None:
    jobs.register_periodic("care-assignments-opened", announce_opened_assignments, every=EVERY)
    jobs.register_periodic("care-assignments-due", remind_due_assignments, every=EVERY)
