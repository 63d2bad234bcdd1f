"""What the facilitator's home and a client's overview show, read in a constant number of
queries whatever the number of clients (tested at 1 and 100)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from innerchild.care import assignment_queries, schedule_queries
from innerchild.care.models import Booking, CareLink, CrisisAlert, Invitation, Share, ShareKind
from innerchild.safety import api as safety

SIGNAL_DAYS = 14


def facilitator_home(user) -> dict:
    now = timezone.now()
    links = list(
        CareLink.objects.active()
        .of_facilitator(user)
        .select_related("member")
        .order_by("member__display_name")
    )
    by_id = {link.id: link for link in links}
    kinds = defaultdict(set)
    for link_id, kind in (
        Share.objects.current(now)
        .filter(link__in=links, item_id__isnull=True)
        .values_list("link_id", "kind")
    ):
        kinds[link_id].add(kind)
    entry_counts = defaultdict(int)
    for link_id in (
        Share.objects.current(now)
        .filter(link__in=links, kind=ShareKind.ENTRY)
        .values_list("link_id", flat=True)
    ):
        entry_counts[link_id] += 1
    alerts = list(
        CrisisAlert.objects.filter(link__in=links, seen_at__isnull=True).order_by("-occurred_at")
    )
    alerts_by_link = defaultdict(list)
    for alert in alerts:
        alerts_by_link[alert.link_id].append(alert)
    risk_members = [link.member_id for link in links if ShareKind.RISK_EVENTS in kinds[link.id]]
    risk = safety.recent_risk_levels(risk_members, since=now - timedelta(days=SIGNAL_DAYS))
    rows = []
    for link in links:
        shared = kinds[link.id]
        rows.append(
            {
                "link": link,
                "client": link.member,
                "shared_count": len(shared) + entry_counts[link.id],
                "alerts": alerts_by_link[link.id],
                "risk": risk.get(link.member_id) if ShareKind.RISK_EVENTS in shared else None,
            }
        )
    context = {
        "clients": rows,
        "alerts": [(by_id[a.link_id], a) for a in alerts],
        "open_invitations": Invitation.objects.open(now).filter(facilitator=user).count(),
        "verified": user.facilitator_verified,
        "signal_days": SIGNAL_DAYS,
    }
    context["upcoming"] = schedule_queries.upcoming_for_facilitator(user, limit=10)
    context["assignments_due"] = assignment_queries.due_or_overdue_for_facilitator(user)
    counts = assignment_queries.status_counts_for_facilitator(user)
    for row in rows:
        row["assignments"] = counts.get(row["link"].id, {})
    return context


def client_extras(link: CareLink) -> dict:
    """What the client's overview shows beside the shared material: sessions, assignments."""
    return {
        "upcoming": [
            schedule_queries.as_dict(booking, link.facilitator)
            for booking in Booking.objects.for_facilitator(link.facilitator)
            .filter(attendees=link.member, ends_at__gt=timezone.now())
            .open()
            .select_related("facilitator")
            .prefetch_related("attendees")
            .order_by("starts_at")[:5]
        ],
        "assignments": assignment_queries.assignments_for_client(link),
    }
