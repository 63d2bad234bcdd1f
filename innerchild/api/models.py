"""Personal API tokens. Only a SHA-256 digest of each token is stored: the token itself is shown
once, when it is made, and a leaked database does not let anyone call the API. The name a person
gives a token is encrypted like everything else they type."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from innerchild.core.crypto import EncryptedTextField

# "ic_" marks our tokens (secret scanners and people recognise them); 32 random bytes follow.
TOKEN_MARK = "ic_"  # noqa: S105  (a marker, not a secret)
PREFIX_CHARS = len(TOKEN_MARK) + 6
MAX_TOKEN_CHARS = 100


def new_token() -> str:
    return TOKEN_MARK + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None) -> ApiTokenQuerySet:
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    # Encrypted: it is typed freely ("therapy notes app"). Lists are ordered by date, never by it.
    name = EncryptedTextField(max_length=60)
    # The first characters, shown in lists so a person can tell their tokens apart.
    prefix = models.CharField(max_length=PREFIX_CHARS)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
