"""The audit log's public API.

CONTRACT (keep stable):
- record(event, *, actor=None, subject=None, target_kind="", target_id="", details=None) -> None
    Appends one event. `event` is a value of `Event`. Never pass written text in `details`.
- events_about(user, limit=200) -> QuerySet of AuditEvent   what a person may see about themselves
- reads_by(facilitator, *, of, limit=30) -> QuerySet    a facilitator's reads of one person's data
- Event                                                     the event names
"""

from __future__ import annotations

from django.utils import timezone

from innerchild.audit.models import AuditEvent, Event

__all__ = ["Event", "events_about", "record"]


def record(event, *, actor=None, subject=None, target_kind="", target_id="", details=None):
    if event not in Event.values:
        raise ValueError(f"unknown audit event {event!r}")
    actor = actor if getattr(actor, "is_authenticated", False) else None
    AuditEvent.objects.create(
        created_at=timezone.now(),
        event=event,
        actor=actor,
        subject=subject,
        target_kind=target_kind,
        target_id=str(target_id or ""),
        details=details or {},
    )


def events_about(user, limit: int = 200):
    return AuditEvent.objects.about(user).select_related("actor")[:limit]


def reads_by(facilitator, *, of, limit: int = 30):
    return AuditEvent.objects.filter(event=Event.FACILITATOR_READ, actor=facilitator, subject=of)[
        :limit
    ]
