"""Granting and revoking shares. Revocation is immediate: access reads `Share.objects.current()`
on every request. Expiry needs no job either; the audit log's "expired" event is written the
first time anyone looks at a share after its end (see `note_expired_shares`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from innerchild.audit import api as audit
from innerchild.care.models import CareLink, Share, ShareKind


@transaction.atomic
def do_share(link: CareLink, kind: str, *, item_id=None, expires_at=None) -> Share:
    """Shares `kind` (or one item) until `expires_at`; sharing again replaces the expiry."""
    if kind not in ShareKind.values or (kind == ShareKind.ENTRY) != (item_id is not None):
        raise ValueError("a share is a kind, or an entry with its id")
    now = timezone.now()
    current = Share.objects.select_for_update().filter(link=link, kind=kind, revoked_at=None)
    current = current.filter(item_id=item_id) if item_id else current.filter(item_id=None)
    current.update(revoked_at=now)
    share = Share.objects.create(
        link=link, kind=kind, item_id=item_id, granted_at=now, expires_at=expires_at
    )
    audit.record(
        audit.Event.SHARE_GRANTED,
        actor=link.member,
        subject=link.member,
        target_kind=kind,
        target_id=str(item_id or ""),
        details={
            "facilitator": link.facilitator_id,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return share


@transaction.atomic
def do_revoke(share: Share) -> None:
    share = Share.objects.select_for_update().select_related("link").get(pk=share.pk)
    if share.revoked_at is not None:
        return
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    audit.record(
        audit.Event.SHARE_REVOKED,
        actor=share.link.member,
        subject=share.link.member,
        target_kind=share.kind,
        target_id=str(share.item_id or ""),
        details={"facilitator": share.link.facilitator_id},
    )


@transaction.atomic
def note_expired_shares(link: CareLink) -> int:
    """Marks shares past their end as revoked at that end, with an audit event each."""
    now = timezone.now()
    expired = list(
        Share.objects.select_for_update().filter(
            link=link, revoked_at=None, expires_at__isnull=False, expires_at__lte=now
        )
    )
    for share in expired:
        share.revoked_at = share.expires_at
        share.save(update_fields=["revoked_at"])
        audit.record(
            audit.Event.SHARE_EXPIRED,
            subject=link.member,
            target_kind=share.kind,
            target_id=str(share.item_id or ""),
            details={"facilitator": link.facilitator_id},
        )
    return len(expired)
