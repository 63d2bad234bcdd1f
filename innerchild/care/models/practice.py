from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innerchild.core.crypto import EncryptedTextField


class Profession(models.TextChoices):
    PSYCHOTHERAPIST = "psychotherapist", _("Psychotherapist")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    COUNSELLOR = "counsellor", _("Counsellor")
    SOCIAL_WORKER = "social_worker", _("Clinical social worker")
    COACH = "coach", _("Coach")
    FACILITATOR = "facilitator", _("Inner child work facilitator")
    OTHER = "other", _("Other")


class PracticeProfile(models.Model):
    """What a facilitator tells their clients about their practice. Filled in at onboarding."""

    facilitator = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice"
    )
    practice_name = EncryptedTextField()
    profession = models.CharField(max_length=32, choices=Profession.choices)
    # Licence or registration as the facilitator states it; staff check it before verifying.
    registration = EncryptedTextField(blank=True)
    languages = models.JSONField(default=list)
    contact = EncryptedTextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"practice of {self.facilitator_id}"
