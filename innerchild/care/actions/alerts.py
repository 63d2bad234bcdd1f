"""Crisis alerts to linked facilitators, as each member chose per link. Level and time only."""

from __future__ import annotations

from datetime import UTC

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innerchild.audit import api as audit
from innerchild.care.models import CareLink, CrisisAlert
from innerchild.core import dates, jobs
from innerchild.core.links import absolute_url


def on_risk_event(sender, *, event, user, **kwargs) -> None:
    if event.level != "urgent":
        return
    for link in CareLink.objects.active().filter(member=user, crisis_alerts=True):
        do_alert(link, event)


def do_alert(link: CareLink, event) -> CrisisAlert | None:
    try:
        with transaction.atomic():
            alert = CrisisAlert.objects.create(
                link=link,
                risk_event_id=event.id,
                level=event.level,
                occurred_at=event.created_at,
                created_at=timezone.now(),
            )
            audit.record(
                audit.Event.CRISIS_ALERT_SENT,
                subject=link.member,
                target_kind="link",
                target_id=link.id,
                details={"facilitator": link.facilitator_id, "level": event.level},
            )
            _email(link, alert)
    except IntegrityError:
        return None  # already alerted for this event
    return alert


def _email(link: CareLink, alert: CrisisAlert) -> None:
    facilitator = link.facilitator
    with translation.override(facilitator.language or "en"):
        subject = _("innerchild: a safety alert from a client")
        body = _(
            "Your client %(name)s wrote something that our safety screen rated as urgent, "
            "at %(time)s (UTC). They chose to let you know when this happens.\n\n"
            "We never send what was written. They were shown crisis lines and their safety "
            "plan at once.\n\nOpen your practice to see the alert: %(url)s"
        ) % {
            "name": link.member.display_name.split(" ")[0],
            "time": dates.shown(alert.occurred_at, zone=UTC),
            "url": absolute_url(reverse("care:client", args=[link.id])),
        }
    jobs.send_mail_later(
        to=[facilitator.email], subject=str(subject), body=str(body), once_key=f"alert:{alert.pk}"
    )


@transaction.atomic
def do_mark_alert_seen(alert: CrisisAlert) -> None:
    if alert.seen_at is None:
        alert.seen_at = timezone.now()
        alert.save(update_fields=["seen_at"])
