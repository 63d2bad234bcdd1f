from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from innerchild.assessments.instruments import Instrument, get_instrument


class AttemptQuerySet(models.QuerySet):
    def owned_by(self, user) -> AttemptQuerySet:
        return self.filter(owner=user)

    def completed(self) -> AttemptQuerySet:
        return self.filter(completed_at__isnull=False)

    def in_progress(self) -> AttemptQuerySet:
        return self.filter(completed_at__isnull=True)

    def of(self, instrument_id: str) -> AttemptQuerySet:
        return self.filter(instrument=instrument_id)


class Attempt(models.Model):
    """One run through an instrument. Scored only once every asked item has an answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_attempts"
    )
    instrument = models.CharField(max_length=32)
    instrument_version = models.CharField(max_length=16)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    total = models.FloatField(null=True, blank=True)
    percent = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=32, blank=True)
    flags = models.JSONField(default=list, blank=True)
    subscales = models.JSONField(default=dict, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["owner", "instrument", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} attempt {self.id}"

    def get_absolute_url(self) -> str:
        if self.is_complete:
            return reverse("assessments:result", args=[self.id])
        return reverse("assessments:resume", args=[self.id])

    @property
    def definition(self) -> Instrument:
        return get_instrument(self.instrument)

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @staticmethod
    def _number(value: float | None):
        if value is None:
            return None
        return int(value) if float(value).is_integer() else value

    @property
    def display_total(self):
        return self._number(self.total)

    @property
    def display_percent(self):
        return self._number(self.percent)

    def metric(self, name: str):
        if name == "total":
            return self.display_total
        if name == "percent":
            return self.display_percent
        return self.subscales.get(name)

    def score_dict(self) -> dict:
        """The same shape as `innerchild assess score` prints."""
        result = {
            "instrument": self.instrument,
            "total": self.display_total,
            "band": self.band or None,
            "flags": list(self.flags),
            "subscales": dict(self.subscales),
        }
        if self.percent is not None or self.definition.has_percent:
            result["percent"] = self.display_percent
        return result


class Answer(models.Model):
    """The raw value of the option chosen for one item, saved as soon as it is chosen."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=40)
    value = models.SmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["attempt", "answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}={self.value}"
