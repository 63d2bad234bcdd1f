"""Every write in the safety app."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from innerchild.core.db import retry_when_locked
from innerchild.safety import signals
from innerchild.safety.models import (
    PLAN_FIELDS,
    DistressRating,
    ReadinessCheck,
    RiskEvent,
    SafetyCheckin,
    SafetyPlan,
    WatchPanelCount,
)


@transaction.atomic
def do_record_risk_event(
    user, *, level: str, categories: tuple[str, ...], source: str, language: str = ""
) -> RiskEvent:
    event = RiskEvent.objects.create(
        user=user,
        level=level,
        categories=list(categories),
        source=source[:200],
        language=language[:8],
    )
    # Other apps (crisis alerts to a linked facilitator) learn of it once it is durable.
    transaction.on_commit(
        lambda: signals.risk_event_recorded.send(sender=RiskEvent, event=event, user=user)
    )
    return event


@retry_when_locked
@transaction.atomic
def do_save_plan(user, sections: dict[str, str]) -> SafetyPlan:
    plan, _created = SafetyPlan.objects.get_or_create(user=user)
    for name in PLAN_FIELDS:
        setattr(plan, name, (sections.get(name) or "").strip())
    plan.save(update_fields=[*PLAN_FIELDS, "updated_at"])
    return plan


@transaction.atomic
def do_save_checkin(user, body: str) -> SafetyCheckin:
    return SafetyCheckin.objects.create(user=user, body=body.strip())


@transaction.atomic
def do_delete_checkin(checkin: SafetyCheckin) -> None:
    checkin.delete()


@transaction.atomic
def do_record_readiness(user, *, outcome: str, reasons: tuple[str, ...]) -> ReadinessCheck:
    return ReadinessCheck.objects.create(user=user, outcome=outcome, reasons=list(reasons))


@transaction.atomic
def do_record_distress(
    user, *, exercise: str, phase: str, rating: int, offered_grounding: bool
) -> DistressRating:
    return DistressRating.objects.create(
        user=user,
        exercise=exercise[:200],
        phase=phase,
        rating=rating,
        offered_grounding=offered_grounding,
    )


@transaction.atomic
def do_count_watch_choice(choice: str) -> None:
    """Add one to today's count of this answer to the watch panel; nothing about who chose it."""
    row, _created = WatchPanelCount.objects.get_or_create(day=timezone.localdate(), choice=choice)
    WatchPanelCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
