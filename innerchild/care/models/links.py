from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class InvitationQuerySet(models.QuerySet):
    def open(self, now=None) -> InvitationQuerySet:
        now = now or timezone.now()
        return self.filter(
            accepted_at__isnull=True,
            declined_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=now,
        )


class Invitation(models.Model):
    """A single-use invitation from a facilitator. Only a digest of its secret token is stored:
    the token itself lives in the link the facilitator sends, so a database copy cannot accept it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    # Blank for an invitation by link; otherwise the address it was emailed to.
    email = models.EmailField(blank=True)
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.id}"

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.accepted_at:
            return "accepted"
        if self.declined_at:
            return "declined"
        if self.withdrawn_at:
            return "withdrawn"
        if self.expires_at <= now:
            return "expired"
        return "open"


class CareLinkQuerySet(models.QuerySet):
    def active(self) -> CareLinkQuerySet:
        return self.filter(ended_at__isnull=True)

    def of_facilitator(self, user) -> CareLinkQuerySet:
        return self.filter(facilitator=user)

    def of_member(self, user) -> CareLinkQuerySet:
        return self.filter(member=user)


class CareLink(models.Model):
    """A member and a facilitator working together. Either side ends it; ending is immediate."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_links"
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The member's choice: does an `urgent` risk event notify this facilitator?
    crisis_alerts = models.BooleanField(default=False)

    objects = CareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "member"],
                condition=Q(ended_at__isnull=True),
                name="care_one_active_link_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"link {self.facilitator_id} -> {self.member_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
