from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from innerchild.core.crypto import EncryptedTextField

# A recurring assignment's next occurrence shows this long before it is due at most (less for
# one every week): "every four weeks" is sent a week ahead, not the day after the last one.
OPENS_AHEAD = timedelta(days=7)
# Where the member plays a facilitator's own script assigned to them: a guide script id.
PLAY_PREFIX = "assigned-"


class AssignmentKind(models.TextChoices):
    SCRIPT = "script", _("A guided session")
    QUESTIONNAIRE = "questionnaire", _("A questionnaire")
    PROMPT = "prompt", _("A journal prompt")
    PRACTICE = "practice", _("A practice in the facilitator's own words")


class AssignmentQuerySet(models.QuerySet):
    def active(self) -> AssignmentQuerySet:
        return self.filter(archived_at__isnull=True, link__ended_at__isnull=True)

    def with_done(self) -> AssignmentQuerySet:
        """Annotates `has_completion`: any occurrence done (a one-off is then finished)."""
        return self.annotate(
            has_completion=Exists(AssignmentCompletion.objects.filter(assignment=OuterRef("pk")))
        )

    def open(self, now: datetime) -> AssignmentQuerySet:
        """What the member has to do now: active, its occurrence shown, a one-off not done."""
        return (
            self.active()
            .with_done()
            .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
            .filter(Q(every_weeks__isnull=False) | Q(has_completion=False))
        )


class Assignment(models.Model):
    """Homework from a facilitator to a member, with a due date and an optional recurrence.
    A recurring assignment moves `due_at` to the next occurrence when one is completed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey("care.CareLink", on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(max_length=16, choices=AssignmentKind.choices)
    # What to do: a shipped guide script id, an instrument id, or a journal prompt id. A
    # facilitator's own script is `script` instead; a practice has only `instructions`.
    target = models.CharField(max_length=80, blank=True)
    # RESTRICT: a script in use is not deleted on its own, but goes with its author's account
    # (whose links, and so these assignments, go too).
    script = models.ForeignKey(
        "care.FacilitatorScript",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    title = EncryptedTextField(blank=True)
    instructions = EncryptedTextField(blank=True)
    # Values that personalise a facilitator's script for this member (e.g. the younger-self
    # name); JSON, encrypted like everything people write.
    personalisation = EncryptedTextField(blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    # Every N weeks; None for once.
    every_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    # When the current occurrence shows to the member (and a questionnaire is "sent").
    opens_at = models.DateTimeField(null=True, blank=True)
    notified_open_for = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    last_reminded_for = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "created_at"]

    def __str__(self) -> str:
        return f"assignment {self.kind} {self.target}"

    @property
    def is_own_script(self) -> bool:
        return self.kind == AssignmentKind.SCRIPT and self.script_id is not None

    @property
    def play_id(self) -> str:
        """The guide script id the member plays: a shipped id, or this assignment's own."""
        return f"{PLAY_PREFIX}{self.id.hex}" if self.is_own_script else self.target

    @property
    def period(self) -> timedelta | None:
        return timedelta(weeks=self.every_weeks) if self.every_weeks else None

    def next_occurrence(self, completed_at: datetime, zone=UTC) -> tuple[datetime, datetime]:
        """(due, opens) of the occurrence after the one completed at `completed_at`: the next due
        date of the series (skipping any missed), shown OPENS_AHEAD (or one period) before.

        Weeks are added to the wall-clock time in `zone` (the facilitator's), so "Mondays at
        18:00" stays at 18:00 there across daylight-saving changes."""
        period = self.period
        due = (self.due_at or completed_at).astimezone(zone) + period
        while due <= completed_at:
            due += period
        due = due.astimezone(UTC)
        opens = max(completed_at, due - min(period, OPENS_AHEAD))
        return due, opens


class AssignmentCompletion(models.Model):
    """One completed occurrence. `result_ref` points at what the member did (a session run, a
    questionnaire attempt, a journal entry) so that a shared result can be shown; never text."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="completions")
    due_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField()
    result_ref = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "result_ref"], name="care_one_completion_per_result"
            )
        ]

    def __str__(self) -> str:
        return f"completion of {self.assignment_id}"

    @property
    def result_kind(self) -> str:
        return self.result_ref.partition(":")[0]

    @property
    def result_id(self) -> str:
        return self.result_ref.partition(":")[2]
