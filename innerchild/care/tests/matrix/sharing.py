"""Links, sharing and the facilitator's view of shared material."""

from __future__ import annotations

from innerchild.care.actions.links import do_invite
from innerchild.care.tests.matrix import LINKED_FACILITATORS, Case

FACILITATOR_ROLES = frozenset({"shared", "unshared", "expired", "ended", "other_fac"})


def setup(cast) -> None:
    from django.utils import timezone

    from innerchild.care.models import CrisisAlert

    now = timezone.now()
    cast.extra["alert_id"] = CrisisAlert.objects.create(
        link=cast.links["shared"], risk_event_id=1, level="urgent", occurred_at=now, created_at=now
    ).id
    _invitation, token = do_invite(cast.fay)
    cast.extra["invitation_token"] = token
    cast.extra["share_to_stop"] = cast.links["shared"].shares.filter(kind="triggers").get().id


def client(cast, role):
    return [cast.link_for(role).id]


def member_link(cast, role):
    return [cast.links["shared"].id]


def shared_entry(cast, role):
    return [cast.link_for(role).id, cast.entry_id]


def facilitator_only(cast, role):
    return []


LINKED = frozenset(LINKED_FACILITATORS)
SHARED = frozenset({"shared"})
OWNER = frozenset({"owner"})
ALL_FACILITATORS = frozenset(FACILITATOR_ROLES)
MEMBERS = frozenset({"owner", "other_member"})

CASES = [
    # The facilitator's own pages: any facilitator, nobody else.
    Case("care:practice", facilitator_only, ALL_FACILITATORS),
    Case("care:practice_profile", facilitator_only, ALL_FACILITATORS),
    Case("care:records", facilitator_only, ALL_FACILITATORS),
    Case("care:records_download", facilitator_only, ALL_FACILITATORS, method="POST"),
    Case("care:invite", facilitator_only, ALL_FACILITATORS),
    Case("care:clients", facilitator_only, ALL_FACILITATORS),
    Case(
        "care:withdraw_invitation",
        lambda cast, role: [cast.fay.invitations_sent.get().id],
        frozenset({"shared"}),
        method="POST",
    ),
    # The member's own pages.
    Case("care:my_care", facilitator_only, MEMBERS),
    Case("care:link", member_link, OWNER),
    Case(
        "care:share_kind",
        member_link,
        OWNER,
        method="POST",
        data=lambda cast, role: {"kind": "younger_self"},
    ),
    Case(
        "care:revoke_share",
        lambda cast, role: [cast.links["shared"].id, cast.extra["share_to_stop"]],
        OWNER,
        method="POST",
    ),
    Case("care:crisis_alerts", member_link, OWNER, method="POST"),
    Case("care:end_link", member_link, OWNER, method="POST"),
    Case("care:share_entry", lambda cast, role: [cast.entry_id], OWNER),
    # An invitation is reached with its secret token; members may answer it, facilitators are
    # told it is not for them (403), nobody without the token can find it.
    Case(
        "care:invitation",
        lambda cast, role: [cast.extra["invitation_token"]],
        MEMBERS | ALL_FACILITATORS,
        ok=frozenset({200, 403}),
        note="reached with its token",
    ),
    # The facilitator's view of a client: any active link.
    Case("care:client", client, LINKED),
    Case("care:client_unlock", client, LINKED),
    Case("care:client_lock", client, LINKED, method="POST"),
    Case("care:client_end", client, LINKED, method="POST"),
    # Shared material: only with a current share.
    Case("care:client_entry", shared_entry, SHARED),
    Case("care:client_assessments", client, SHARED),
    Case(
        "care:client_assessment",
        lambda cast, role: [cast.link_for(role).id, "phq9"],
        SHARED,
    ),
    Case("care:client_sessions", client, SHARED),
    Case("care:client_triggers", client, SHARED),
    Case("care:client_safety_plan", client, SHARED),
    Case("care:client_younger_self", client, SHARED),
    Case("care:client_risk", client, SHARED),
    # An alert belongs to one link: only that facilitator marks it seen.
    Case(
        "care:alert_seen",
        lambda cast, role: [cast.link_for(role).id, cast.extra["alert_id"]],
        SHARED,
        method="POST",
    ),
]
