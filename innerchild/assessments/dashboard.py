"""The assessments card on the dashboard: re-assessment reminders and the latest self-check."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from innerchild.assessments.access import instruments_for
from innerchild.assessments.models import Attempt
from innerchild.assessments.scoring import strongest
from innerchild.core.signs import get_sign, sign_ids


def due_reminders(user, now=None) -> list[dict]:
    """Instruments taken before whose re-assessment interval has passed, oldest first."""
    now = now or timezone.now()
    last_taken = dict(
        Attempt.objects.owned_by(user)
        .completed()
        .values_list("instrument")
        .annotate(last=Max("completed_at"))
        .order_by()
    )
    due = []
    for instrument in instruments_for(user):
        last = last_taken.get(instrument.id)
        if instrument.reassess_days is None or last is None:
            continue
        due_at = last + timedelta(days=instrument.reassess_days)
        if due_at <= now:
            due.append({"instrument": instrument, "last": last, "due_at": due_at})
    due.sort(key=lambda entry: entry["due_at"])
    return due


def panel_context(request) -> dict | None:
    user = request.user
    latest = (
        Attempt.objects.owned_by(user)
        .completed()
        .of("signs")
        .only("id", "subscales", "completed_at", "instrument")
        .order_by("-completed_at")
        .first()
    )
    strongest_ids = strongest(latest.subscales, sign_ids(), 3) if latest else []
    return {
        "due": due_reminders(user),
        "latest_signs": latest,
        "strongest": [get_sign(sign_id) for sign_id in strongest_ids],
    }
