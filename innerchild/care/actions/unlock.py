from __future__ import annotations

from django.db import transaction

from innerchild.audit import api as audit
from innerchild.care.models import CareLink
from innerchild.safety import api as safety


@transaction.atomic
def do_unlock_deep_work(link: CareLink, *, ends_at=None) -> None:
    safety.unlock_deep_work(link.member, by=link.facilitator, ends_at=ends_at)
    audit.record(
        audit.Event.DEEP_WORK_UNLOCKED,
        actor=link.facilitator,
        subject=link.member,
        target_kind="link",
        target_id=link.id,
        details={"ends_at": ends_at.isoformat() if ends_at else None},
    )


@transaction.atomic
def do_lock_deep_work(link: CareLink) -> None:
    safety.lock_deep_work(link.member)
    audit.record(
        audit.Event.DEEP_WORK_LOCKED,
        actor=link.facilitator,
        subject=link.member,
        target_kind="link",
        target_id=link.id,
    )
