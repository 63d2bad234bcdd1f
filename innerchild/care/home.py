"""What the facilitator's home and a client's overview show, read in a constant number of
queries whatever the number of clients (tested at 1 and 100)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innerchild.care import assignment_queries, schedule_queries
from innerchild.care.models import Booking, CareLink, CrisisAlert, Invitation, Share, ShareKind
from innerchild.safety import api as safety

SIGNAL_DAYS = 14
ATTENTION_ROWS = 15
ATTENTION_NONE = 4


def facilitator_home(user) -> dict:
    now = timezone.now()
    # Only the member's name and age: a whole user row costs more (its country is turned into
    # a Country object per row), and the home lists every client.
    links = list(
        CareLink.objects.active()
        .of_facilitator(user)
        .select_related("member")
        .only("id", "started_at", "crisis_alerts", "member__display_name", "member__birth_year")
        .order_by("member__display_name")
    )
    client_base = reverse("care:clients")
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
    signal_labels = {
        "alert": _("Urgent alert not yet seen"),
        "urgent": _("Urgent concern"),
        "watch": _("Some concern"),
        "none": _("None"),
        "not_shared": _("Not shared"),
    }
    rows = []
    for link in links:
        shared = kinds[link.id]
        risk_shared = ShareKind.RISK_EVENTS in shared
        recent = risk.get(link.member_id) if risk_shared else None
        if alerts_by_link[link.id]:
            signal = "alert"
        elif recent is not None:
            signal = recent["level"]
        else:
            signal = "none" if risk_shared else "not_shared"
        rows.append(
            {
                "link": link,
                "client": link.member,
                # Built here rather than with {% url %}: one reverse() for the whole list.
                "url": f"{client_base}{link.id}/",
                "shared_count": len(shared) + entry_counts[link.id],
                "alerts": alerts_by_link[link.id],
                "signal": signal,
                "signal_label": signal_labels[signal],
                "signal_at": recent["created_at"] if recent else None,
            }
        )
    counts = assignment_queries.status_counts_for_facilitator(user)
    for row in rows:
        row["assignments"] = counts.get(row["link"].id, {})
    # The home shows who may need the facilitator first, not the whole list: with a hundred
    # clients a full table is a page nobody reads and the slowest part of it (see bench/).
    rows.sort(key=_attention_order)
    attention = [row for row in rows if _attention_order(row)[0] < ATTENTION_NONE]
    context = {
        "clients": attention[:ATTENTION_ROWS],
        "more_attention": max(0, len(attention) - ATTENTION_ROWS),
        "client_count": len(rows),
        "alerts": [(by_id[a.link_id], a) for a in alerts],
        "open_invitations": Invitation.objects.open(now).filter(facilitator=user).count(),
        "verified": user.facilitator_verified,
        "signal_days": SIGNAL_DAYS,
    }
    context["upcoming"] = schedule_queries.upcoming_for_facilitator(user, limit=10)
    context["assignments_due"] = assignment_queries.due_or_overdue_for_facilitator(user)
    return context


def _attention_order(row: dict) -> tuple:
    """Unseen crisis alerts first, then urgent signals, overdue assignments, other signals."""
    if row["signal"] == "alert":
        rank = 0
    elif row["signal"] == "urgent":
        rank = 1
    elif row.get("assignments", {}).get("overdue"):
        rank = 2
    elif row["signal"] == "watch":
        rank = 3
    else:
        rank = ATTENTION_NONE
    return (rank, row["client"].display_name.lower())


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
