"""Writes for facilitators' own scripts. The form has already validated the source."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from innerchild.care.models import FacilitatorScript


@transaction.atomic
def do_save_script(
    facilitator, *, source: str, language: str, script, existing: FacilitatorScript | None = None
) -> FacilitatorScript:
    """Create or update; `script` is the validated guide script built from `source`."""
    now = timezone.now()
    if existing is None:
        return FacilitatorScript.objects.create(
            facilitator=facilitator,
            title=script.title,
            source=source,
            language=language,
            intensity=script.intensity,
            created_at=now,
            updated_at=now,
        )
    existing.title = script.title
    existing.source = source
    existing.language = language
    existing.intensity = script.intensity
    existing.updated_at = now
    existing.save(update_fields=["title", "source", "language", "intensity", "updated_at"])
    return existing


@transaction.atomic
def do_archive_script(own: FacilitatorScript) -> None:
    """No longer offered for new assignments; those already given keep working."""
    if own.archived_at is None:
        own.archived_at = timezone.now()
        own.save(update_fields=["archived_at"])
