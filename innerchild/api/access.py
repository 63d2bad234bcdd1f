"""Tokens a person may see or revoke: only their own; 404 for anyone else's."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from innerchild.api.models import MAX_TOKEN_CHARS, ApiToken, digest


def token_for(user, token_id) -> ApiToken:
    if not user.is_authenticated:
        raise Http404
    try:
        key = int(token_id)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(ApiToken.objects.filter(owner=user), id=key)


def tokens_of(user):
    return ApiToken.objects.filter(owner=user)


def usable_token(raw: str) -> ApiToken | None:
    """The live token behind `raw` (with its owner), or None: unknown, revoked or expired."""
    if not raw or len(raw) > MAX_TOKEN_CHARS:
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("owner")
        .filter(digest=digest(raw), owner__is_active=True)
        .first()
    )
    return token


def note_use(token: ApiToken) -> None:
    """Last use, to the minute: one write a minute per token at most, not one per request."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(id=token.id).update(last_used_at=now)
        token.last_used_at = now
