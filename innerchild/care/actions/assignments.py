"""Assignment writes: giving, stopping, and recording what the member completed.

Completion comes from the other apps' signals (a guided session finished, a questionnaire
scored, a journal entry written from a prompt) or from the member's "done" for a practice. Each
result counts once (a unique constraint), and a recurring assignment then moves on to its next
occurrence.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from innerchild.care.models import (
    Assignment,
    AssignmentCompletion,
    AssignmentKind,
    CareLink,
    FacilitatorScript,
)
from innerchild.care.models.assignments import PLAY_PREFIX
from innerchild.core import dashboard

logger = logging.getLogger("innerchild.care")


@dataclass
class AssignmentData:
    kind: str
    due_at: datetime | None
    every_weeks: int | None = None
    target: str = ""
    script: FacilitatorScript | None = None
    title: str = ""
    instructions: str = ""
    personalisation: dict[str, str] = field(default_factory=dict)


@transaction.atomic
def do_create_assignment(link: CareLink, data: AssignmentData) -> Assignment:
    now = timezone.now()
    personalisation = {k: v for k, v in data.personalisation.items() if v}
    assignment = Assignment.objects.create(
        link=link,
        kind=data.kind,
        target=data.target,
        script=data.script,
        title=data.title,
        instructions=data.instructions,
        personalisation=json.dumps(personalisation) if personalisation else "",
        due_at=data.due_at,
        every_weeks=data.every_weeks,
        created_at=now,
        opens_at=now,
    )
    member_id = link.member_id
    transaction.on_commit(lambda: dashboard.bump(member_id))
    return assignment


@transaction.atomic
def do_archive_assignment(assignment: Assignment) -> None:
    if assignment.archived_at is None:
        assignment.archived_at = timezone.now()
        assignment.save(update_fields=["archived_at"])
        member_id = assignment.link.member_id
        transaction.on_commit(lambda: dashboard.bump(member_id))


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """A person's time zone; UTC if it is unset or unknown."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def do_record_completion(
    assignment_id, *, result_ref: str, when: datetime | None = None
) -> AssignmentCompletion | None:
    """Record one completed occurrence, once per result; None if it was not open or this
    result was already counted."""
    when = when or timezone.now()
    try:
        with transaction.atomic():
            # The row lock orders two completions arriving together: one moves due_at on, the
            # other then finds the next occurrence not yet open.
            assignment = (
                Assignment.objects.open(when)
                .select_for_update(of=("self",))
                .select_related("link__facilitator")
                .filter(id=assignment_id)
                .first()
            )
            if assignment is None:
                return None
            if not assignment.every_weeks and assignment.completions.exists():
                # Done meanwhile by another result (checked again now that the row is ours).
                return None
            completion = AssignmentCompletion.objects.create(
                assignment=assignment,
                due_at=assignment.due_at,
                completed_at=when,
                result_ref=result_ref,
            )
            if assignment.every_weeks:
                zone = zone_named(assignment.link.facilitator.timezone)
                assignment.due_at, assignment.opens_at = assignment.next_occurrence(when, zone)
                assignment.save(update_fields=["due_at", "opens_at"])
    except IntegrityError:
        return None
    return completion


def _record_for(user, assignments, result_ref: str) -> list[AssignmentCompletion]:
    done = []
    for assignment_id in assignments.values_list("id", flat=True):
        completion = do_record_completion(assignment_id, result_ref=result_ref)
        if completion is not None:
            done.append(completion)
    return done


def _open_for(user):
    return Assignment.objects.open(timezone.now()).filter(link__member=user)


def _never_breaks_the_sender(receiver):
    """The member's session, questionnaire or entry is already saved when these run; a failure
    to record the completion is logged, never shown to them as an error."""

    @functools.wraps(receiver)
    def wrapper(*args, **kwargs):
        try:
            receiver(*args, **kwargs)
        except Exception:
            logger.exception("could not record an assignment completion (%s)", receiver.__name__)

    return wrapper


@_never_breaks_the_sender
def on_run_completed(sender, *, user, run_id, script_id, **kwargs) -> None:
    assignments = _open_for(user).filter(kind=AssignmentKind.SCRIPT)
    if script_id.startswith(PLAY_PREFIX):
        try:
            own = uuid.UUID(hex=script_id.removeprefix(PLAY_PREFIX))
        except ValueError:
            return
        assignments = assignments.filter(id=own, script__isnull=False)
    else:
        assignments = assignments.filter(target=script_id, script__isnull=True)
    _record_for(user, assignments, f"run:{run_id}")


@_never_breaks_the_sender
def on_attempt_completed(sender, *, user, attempt_id, instrument, **kwargs) -> None:
    assignments = _open_for(user).filter(kind=AssignmentKind.QUESTIONNAIRE, target=instrument)
    _record_for(user, assignments, f"attempt:{attempt_id}")


@_never_breaks_the_sender
def on_entry_created(sender, *, user, entry_id, prompt_id="", **kwargs) -> None:
    if not prompt_id:
        return
    assignments = _open_for(user).filter(kind=AssignmentKind.PROMPT, target=prompt_id)
    _record_for(user, assignments, f"entry:{entry_id}")


def do_mark_practice_done(assignment: Assignment) -> AssignmentCompletion | None:
    """The member's "done" for a practice: once per occurrence, however often it is pressed."""
    occurrence = assignment.due_at.isoformat() if assignment.due_at else "once"
    return do_record_completion(assignment.id, result_ref=f"practice:{occurrence}")


def connect_signals() -> None:
    from innerchild.assessments import api as assessments
    from innerchild.guide import api as guide
    from innerchild.journal import api as journal

    guide.run_completed.connect(on_run_completed, dispatch_uid="care-assignment-run")
    assessments.attempt_completed.connect(
        on_attempt_completed, dispatch_uid="care-assignment-attempt"
    )
    journal.entry_created.connect(on_entry_created, dispatch_uid="care-assignment-entry")
