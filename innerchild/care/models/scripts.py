from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from innerchild.core.crypto import EncryptedTextField


class FacilitatorScriptQuerySet(models.QuerySet):
    def of(self, facilitator) -> FacilitatorScriptQuerySet:
        return self.filter(facilitator=facilitator)

    def current(self) -> FacilitatorScriptQuerySet:
        return self.filter(archived_at__isnull=True)


class FacilitatorScript(models.Model):
    """A guided-session script a facilitator wrote, in the guide's own YAML format and checked by
    the same rules as the shipped scripts. Private to its author and to the clients it is
    assigned to; the YAML and the title are encrypted like everything people write."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="own_scripts"
    )
    title = EncryptedTextField()
    source = EncryptedTextField()
    language = models.CharField(max_length=8)
    # Copied from the validated source so that lists can show it (and it is not personal).
    intensity = models.CharField(max_length=16)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = FacilitatorScriptQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"script {self.id}"
