from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innerchild.core.crypto import EncryptedTextField

# Limits for what a person types in one answer; forms name the limit when it is exceeded.
ANSWER_MAX_CHARS = 5000
SHORT_ANSWER_MAX_CHARS = 1000


class RunStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Hold(models.TextChoices):
    """Why a run waits at a check-in after a high distress rating (docs/safety.md)."""

    NONE = "", _("Not held")
    GROUNDING = "grounding", _("Sent to grounding: waiting for a new rating")
    CHOOSING = "choosing", _("Still high after grounding: choosing how to go on")
    CLOSING = "closing", _("Closing the session gently")


class SessionRunQuerySet(models.QuerySet):
    def owned_by(self, user) -> SessionRunQuerySet:
        return self.filter(owner=user)

    def finished(self) -> SessionRunQuerySet:
        return self.exclude(status=RunStatus.IN_PROGRESS)

    def completed(self) -> SessionRunQuerySet:
        return self.filter(status=RunStatus.COMPLETED)

    def in_progress(self) -> SessionRunQuerySet:
        return self.filter(status=RunStatus.IN_PROGRESS)


class SessionRun(models.Model):
    """One person doing one script once. The step index is kept here so a reload, or coming
    back another day, resumes where they were."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_runs"
    )
    script_id = models.CharField(max_length=64)
    # The title as it was when the session ran, so history reads without loading scripts.
    script_title = models.CharField(max_length=120)
    language = models.CharField(max_length=8)
    intensity = models.CharField(max_length=16)
    step_count = models.PositiveSmallIntegerField()
    current_step = models.PositiveSmallIntegerField(default=0)
    reached_step = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=16, choices=RunStatus.choices, default=RunStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    distress_before = models.PositiveSmallIntegerField(null=True, blank=True)
    distress_after = models.PositiveSmallIntegerField(null=True, blank=True)
    feelings_before = models.JSONField(default=list, blank=True)
    feelings_after = models.JSONField(default=list, blank=True)
    # A random key from the script page's form: the same form sent twice starts one session.
    start_key = models.CharField(max_length=64, blank=True, default="")
    # Distress gating: while `hold` is set, the run waits at the check-in `held_at` and no later
    # step can be shown or answered (guide/gating.py).
    hold = models.CharField(max_length=16, choices=Hold.choices, blank=True, default=Hold.NONE)
    held_at = models.PositiveSmallIntegerField(null=True, blank=True)
    # What happened at each gated check-in, oldest first: {"at", "step", "event", "rating"}.
    # Numbers and codes only, never anything the person typed.
    distress_events = models.JSONField(default=list, blank=True)
    # Ended through "close the session gently" after a rating that stayed high.
    closed_early = models.BooleanField(default=False)

    objects = SessionRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["owner", "-started_at"], name="guide_run_owner_started")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "start_key"],
                condition=~models.Q(start_key=""),
                name="guide_run_one_per_start_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.script_title} ({self.started_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("guide:run", args=[self.id])

    def step_url(self, index: int) -> str:
        return reverse("guide:step", args=[self.id, index + 1])

    @property
    def current_url(self) -> str:
        return self.step_url(self.current_step)

    @property
    def source(self) -> str:
        return f"guide-session:{self.id}"

    @property
    def is_in_progress(self) -> bool:
        return self.status == RunStatus.IN_PROGRESS

    def is_held_before(self, index: int) -> bool:
        """True when step `index` lies beyond the check-in that holds the run."""
        return bool(self.hold) and self.held_at is not None and index > self.held_at

    @property
    def held_ratings(self) -> list[int]:
        """The ratings at the last check-in that held the run, in order (for the finished page)."""
        if not self.distress_events:
            return []
        step = self.distress_events[-1]["step"]
        return [
            e["rating"]
            for e in self.distress_events
            if e["step"] == step and e.get("rating") is not None
        ]

    @property
    def minutes(self) -> int | None:
        if self.ended_at is None:
            return None
        return max(1, round((self.ended_at - self.started_at).total_seconds() / 60))

    @property
    def distress_change(self) -> int | None:
        if self.distress_before is None or self.distress_after is None:
            return None
        return self.distress_after - self.distress_before


class StepAnswer(models.Model):
    """What a person typed or chose at one step. Text is encrypted at rest."""

    run = models.ForeignKey(SessionRun, on_delete=models.CASCADE, related_name="answers")
    step_index = models.PositiveSmallIntegerField()
    step_type = models.CharField(max_length=16)
    text = EncryptedTextField(blank=True, default="")
    text_2 = EncryptedTextField(blank=True, default="")
    # Lines already added to the person's affirmations from this step, one a line, so that
    # saving the step again adds each line once. Their own words, so encrypted like `text`.
    affirmations_saved = EncryptedTextField(blank=True, default="")
    # Only choices, ids, numbers and flags: never anything the person typed (that is plain JSON).
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["step_index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "step_index"], name="guide_answer_one_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} step {self.step_index + 1}"


class Preferences(models.Model):
    """How the player speaks and shows things, remembered per person."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_preferences"
    )
    voice_on = models.BooleanField(_("read the steps aloud"), default=False)
    voice_name = models.CharField(_("voice"), max_length=200, blank=True)
    rate = models.DecimalField(_("speed"), max_digits=3, decimal_places=2, default=0.9)
    pitch = models.DecimalField(_("pitch"), max_digits=3, decimal_places=2, default=1.0)
    use_audio = models.BooleanField(_("play recorded audio where a session has it"), default=True)
    show_photo = models.BooleanField(
        _("show my younger-self photo during visualizations"), default=False
    )

    def __str__(self) -> str:
        return f"guide preferences of {self.owner_id}"
