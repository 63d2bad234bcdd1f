"""Making and revoking personal API tokens; both are written to the audit log (never the token)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from innerchild.api.models import PREFIX_CHARS, ApiToken, digest, new_token
from innerchild.audit import api as audit


@transaction.atomic
def do_create_token(user, *, name: str, days: int | None) -> tuple[ApiToken, str]:
    """The new token row and the token itself, which is shown once and never stored."""
    raw = new_token()
    now = timezone.now()
    token = ApiToken.objects.create(
        owner=user,
        name=name,
        prefix=raw[:PREFIX_CHARS],
        digest=digest(raw),
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )
    audit.record(
        audit.Event.API_TOKEN_CREATED,
        actor=user,
        subject=user,
        target_kind="api_token",
        target_id=token.id,
        details={"expires_at": token.expires_at.isoformat() if token.expires_at else None},
    )
    return token, raw


@transaction.atomic
def do_revoke_token(token: ApiToken, *, by) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        audit.Event.API_TOKEN_REVOKED,
        actor=by,
        subject=token.owner,
        target_kind="api_token",
        target_id=token.id,
    )
