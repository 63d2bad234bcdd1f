from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from innerchild.core.crypto import EncryptedTextField


class AssignmentKind(models.TextChoices):
    SCRIPT = "script", _("A guided session")
    QUESTIONNAIRE = "questionnaire", _("A questionnaire")
    PROMPT = "prompt", _("A journal prompt")
    PRACTICE = "practice", _("A practice in the facilitator's own words")


class AssignmentQuerySet(models.QuerySet):
    def active(self) -> AssignmentQuerySet:
        return self.filter(archived_at__isnull=True, link__ended_at__isnull=True)


class Assignment(models.Model):
    """Homework from a facilitator to a member, with a due date and an optional recurrence.
    A recurring assignment moves `due_at` to the next occurrence when one is completed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey("care.CareLink", on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(max_length=16, choices=AssignmentKind.choices)
    # What to do: a guide script id (shipped, or a facilitator's own), an instrument id, or a
    # journal prompt id. A practice has only `instructions`.
    target = models.CharField(max_length=80, blank=True)
    title = EncryptedTextField(blank=True)
    instructions = EncryptedTextField(blank=True)
    # Values that personalise a facilitator's script for this member (e.g. the younger-self
    # name); JSON, encrypted like everything people write.
    personalisation = EncryptedTextField(blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    # Every N weeks; None for once.
    every_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    archived_at = models.DateTimeField(null=True, blank=True)
    last_reminded_for = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "created_at"]

    def __str__(self) -> str:
        return f"assignment {self.kind} {self.target}"


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
