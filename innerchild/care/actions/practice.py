from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from innerchild.care.models import PracticeProfile


@transaction.atomic
def do_save_practice(facilitator, data: dict) -> PracticeProfile:
    """Creates or updates the practice profile; the first save completes the facilitator's
    onboarding (they accept the terms on the same form)."""
    now = timezone.now()
    profile, _created = PracticeProfile.objects.select_for_update().get_or_create(
        facilitator=facilitator,
        defaults={
            "practice_name": data["practice_name"],
            "profession": data["profession"],
            "created_at": now,
            "updated_at": now,
        },
    )
    for name in ("practice_name", "profession", "registration", "languages", "contact"):
        setattr(profile, name, data.get(name, getattr(profile, name)))
    profile.updated_at = now
    profile.save()
    changed = []
    if data.get("timezone") and data["timezone"] != facilitator.timezone:
        facilitator.timezone = data["timezone"]
        changed.append("timezone")
    if facilitator.onboarded_at is None:
        facilitator.onboarded_at = facilitator.terms_accepted_at = now
        facilitator.path = "facilitated"
        changed += ["onboarded_at", "terms_accepted_at", "path"]
    if changed:
        facilitator.save(update_fields=changed)
    return profile
