from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ShareKind(models.TextChoices):
    ASSESSMENTS = "assessments", _("Questionnaire results")
    GUIDE_SESSIONS = "guide_sessions", _("Guided-session summaries with distress before and after")
    TRIGGERS = "triggers", _("Trigger log")
    SAFETY_PLAN = "safety_plan", _("Safety plan")
    YOUNGER_SELF = "younger_self", _("Younger-self profile")
    RISK_EVENTS = "risk_events", _("Safety signals (level and time only, never the words)")
    # One journal entry, letter or dialogue; `item_id` names it.
    ENTRY = "entry", _("A single journal entry, letter or dialogue")


KIND_WIDE = [kind for kind in ShareKind if kind != ShareKind.ENTRY]


class ShareQuerySet(models.QuerySet):
    def current(self, now=None) -> ShareQuerySet:
        """Granted, not revoked, not expired: what the facilitator may read right now."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class Share(models.Model):
    """One thing a member shares with one facilitator (through their link), until revoked or
    expired. Nothing is shared by default: no row, no access."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey("care.CareLink", on_delete=models.CASCADE, related_name="shares")
    kind = models.CharField(max_length=24, choices=ShareKind.choices)
    item_id = models.UUIDField(null=True, blank=True)
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "kind"],
                condition=Q(revoked_at__isnull=True, item_id__isnull=True),
                name="care_one_open_kind_share",
            ),
            models.UniqueConstraint(
                fields=["link", "item_id"],
                condition=Q(revoked_at__isnull=True, item_id__isnull=False),
                name="care_one_open_item_share",
            ),
            models.CheckConstraint(
                condition=(Q(kind="entry", item_id__isnull=False) | ~Q(kind="entry")),
                name="care_entry_share_names_an_item",
            ),
        ]

    def __str__(self) -> str:
        return f"share {self.kind} on {self.link_id}"

    def is_current(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
