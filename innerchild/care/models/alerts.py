from __future__ import annotations

from django.db import models


class CrisisAlert(models.Model):
    """An `urgent` risk event told to a linked facilitator, as the member chose. Level and time
    only: never the words that were written."""

    link = models.ForeignKey("care.CareLink", on_delete=models.CASCADE, related_name="alerts")
    risk_event_id = models.BigIntegerField()
    level = models.CharField(max_length=8)
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "risk_event_id"], name="care_one_alert_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"alert {self.risk_event_id} on {self.link_id}"
