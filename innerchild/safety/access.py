"""Permission-checked lookups: the row if this person may see it, 404 for everyone else."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from innerchild.safety.models import SafetyCheckin, SafetyPlan


def get_checkin_for(user, checkin_id: int) -> SafetyCheckin:
    return get_object_or_404(SafetyCheckin.objects.filter(user=user), id=checkin_id)


def get_plan_for(user) -> SafetyPlan | None:
    """The person's own safety plan, if they have started one."""
    return SafetyPlan.objects.filter(user=user).first()
