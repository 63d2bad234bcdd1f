"""Invitations, links and their ending. Ending a link is immediate: access checks look for an
active link on every request, so nothing else has to be cleaned up for access to stop."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from innerchild.audit import api as audit
from innerchild.care.actions.bookings import do_cancel_bookings_of_ended_link
from innerchild.care.models import CareLink, Invitation


class InvitationUnusable(Exception):
    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_invite(facilitator, *, email: str = "") -> tuple[Invitation, str]:
    """A single-use invitation; returns it with the secret token for the link (shown or emailed
    once, never stored)."""
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    invitation = Invitation.objects.create(
        facilitator=facilitator,
        email=(email or "").strip().lower(),
        token_digest=token_digest(token),
        created_at=now,
        expires_at=now + timedelta(days=settings.CARE_INVITATION_DAYS),
    )
    audit.record(
        audit.Event.INVITATION_SENT,
        actor=facilitator,
        target_kind="invitation",
        target_id=invitation.id,
        details={"by": "email" if invitation.email else "link"},
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("facilitator", "facilitator__practice")
        .filter(token_digest=token_digest(token))
        .first()
    )


@transaction.atomic
def do_accept_invitation(invitation: Invitation, member, *, crisis_alerts: bool) -> CareLink:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation.state()
    if state != "open":
        raise InvitationUnusable(state)
    if member.pk == invitation.facilitator_id or member.is_facilitator:
        raise InvitationUnusable("not_for_you")
    now = timezone.now()
    invitation.accepted_at = now
    invitation.answered_by = member
    invitation.save(update_fields=["accepted_at", "answered_by"])
    existing = CareLink.objects.active().filter(
        facilitator_id=invitation.facilitator_id, member=member
    )
    link = existing.first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            link = CareLink.objects.create(
                facilitator_id=invitation.facilitator_id,
                member=member,
                invitation=invitation,
                started_at=now,
                crisis_alerts=crisis_alerts,
            )
    except IntegrityError:
        # Two tabs accepted at once: the other one made the link.
        return existing.get()
    audit.record(
        audit.Event.LINK_MADE,
        actor=member,
        subject=member,
        target_kind="link",
        target_id=link.id,
        details={"facilitator": invitation.facilitator_id, "crisis_alerts": crisis_alerts},
    )
    return link


@transaction.atomic
def do_decline_invitation(invitation: Invitation, member) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state() != "open":
        raise InvitationUnusable(invitation.state())
    invitation.declined_at = timezone.now()
    invitation.answered_by = member
    invitation.save(update_fields=["declined_at", "answered_by"])
    audit.record(
        audit.Event.INVITATION_DECLINED,
        actor=member,
        subject=member,
        target_kind="invitation",
        target_id=invitation.id,
    )


@transaction.atomic
def do_withdraw_invitation(invitation: Invitation) -> None:
    if invitation.state() == "open":
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])


@transaction.atomic
def do_end_link(link: CareLink, *, by) -> None:
    link = CareLink.objects.select_for_update().get(pk=link.pk)
    if link.ended_at is not None:
        return
    link.ended_at = timezone.now()
    link.ended_by = by
    link.save(update_fields=["ended_at", "ended_by"])
    # Future sessions of the pair end with the link (group sessions lose only this member).
    do_cancel_bookings_of_ended_link(link.facilitator, link.member, by=by)
    audit.record(
        audit.Event.LINK_ENDED,
        actor=by,
        subject=link.member,
        target_kind="link",
        target_id=link.id,
        details={"facilitator": link.facilitator_id},
    )


@transaction.atomic
def do_set_crisis_alerts(link: CareLink, enabled: bool) -> None:
    if link.crisis_alerts == enabled:
        return
    link.crisis_alerts = enabled
    link.save(update_fields=["crisis_alerts"])
    audit.record(
        audit.Event.CRISIS_ALERTS_CHANGED,
        actor=link.member,
        subject=link.member,
        target_kind="link",
        target_id=link.id,
        details={"enabled": enabled},
    )
