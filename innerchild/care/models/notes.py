from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innerchild.core.crypto import EncryptedTextField


class NoteTemplate(models.TextChoices):
    FREE = "free", _("Free text")
    SOAP = "soap", _("SOAP (subjective, objective, assessment, plan)")
    DAP = "dap", _("DAP (data, assessment, plan)")


class Note(models.Model):
    """A facilitator's private note about a client, optionally about one session. Never shown to
    the member. A locked note is never edited again; corrections are amendments that point to it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey("care.CareLink", on_delete=models.CASCADE, related_name="notes")
    booking = models.ForeignKey(
        "care.Booking", on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    template = models.CharField(max_length=8, choices=NoteTemplate.choices, default="free")
    # {"section key": "text"} as JSON, encrypted.
    sections = EncryptedTextField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    locked_at = models.DateTimeField(null=True, blank=True)
    amends = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="amendments"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"note {self.id}"

    @property
    def section_data(self) -> dict:
        try:
            data = json.loads(self.sections or "{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class SharedSummary(models.Model):
    """A summary the facilitator sends to the member. The member keeps it, even after the link
    ends, so it names the member directly and keeps the facilitator's name as sent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_summaries"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    facilitator_name = EncryptedTextField()
    booking = models.ForeignKey(
        "care.Booking", on_delete=models.SET_NULL, null=True, blank=True, related_name="summaries"
    )
    body = EncryptedTextField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"summary {self.id}"
