"""What the facilitator's home and a client's overview show, read in a constant number of
queries whatever the number of clients (tested at 1 and 100)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innerchild.accounts.age import AgeMode, age_mode
from innerchild.care import assignment_queries, schedule_queries
from innerchild.care.models import Booking, CareLink, CrisisAlert, Invitation, Share, ShareKind
from innerchild.safety import api as safety

SIGNAL_DAYS = 14
ATTENTION_ROWS = 15
DUE_ROWS = 10
ATTENTION_NONE = 4


def facilitator_home(user) -> dict:
    now = timezone.now()
    # Tuples, not model rows: the home lists every client, and building a hundred user objects
    # (each turning its country into a Country) costs more than the page's queries.
    # Names are encrypted, so they are sorted here, not by the database.
    links = sorted(
        CareLink.objects.active()
        .of_facilitator(user)
        .values_list("id", "member_id", "member__display_name", "member__birth_year"),
        key=lambda row: row[2].casefold(),
    )
    # A subquery, not a list of a hundred ids: the database joins, Python does not convert.
    link_ids = CareLink.objects.active().of_facilitator(user).values("id")
    client_base = reverse("care:clients")
    shared_counts, risk_shared = {}, set()
    for link_id, count, risk_count in (
        Share.objects.current(now)
        .filter(link_id__in=link_ids)
        .values("link_id")
        .annotate(count=Count("id"), risk=Count("id", filter=Q(kind=ShareKind.RISK_EVENTS)))
        .values_list("link_id", "count", "risk")
    ):
        shared_counts[link_id] = count
        if risk_count:
            risk_shared.add(link_id)
    alerts = list(
        CrisisAlert.objects.filter(link_id__in=link_ids, seen_at__isnull=True)
        .order_by("-occurred_at")
        .values_list("link_id", "occurred_at")
    )
    alerts_by_link = defaultdict(list)
    for link_id, occurred_at in alerts:
        alerts_by_link[link_id].append(occurred_at)
    risk = safety.recent_risk_levels(
        [member_id for link_id, member_id, _name, _year in links if link_id in risk_shared],
        since=now - timedelta(days=SIGNAL_DAYS),
    )
    signal_labels = {
        "alert": _("Urgent alert not yet seen"),
        "urgent": _("Urgent concern"),
        "watch": _("Some concern"),
        "none": _("None"),
        "not_shared": _("Not shared"),
    }
    names = {link_id: name for link_id, _member, name, _year in links}
    rows = []
    for link_id, member_id, name, birth_year in links:
        recent = risk.get(member_id)
        if alerts_by_link[link_id]:
            signal = "alert"
        elif recent is not None:
            signal = recent["level"]
        else:
            signal = "none" if link_id in risk_shared else "not_shared"
        rows.append(
            {
                "link_id": link_id,
                "name": name,
                "adolescent": age_mode(
                    birth_year,
                    now.year,
                    minimum_age=settings.MINIMUM_AGE,
                    adult_age=settings.ADULT_AGE,
                )
                == AgeMode.ADOLESCENT,
                # Built here rather than with {% url %}: one reverse() for the whole list.
                "url": f"{client_base}{link_id}/",
                "shared_count": shared_counts.get(link_id, 0),
                "alerts": alerts_by_link[link_id],
                "signal": signal,
                "signal_label": signal_labels[signal],
                "signal_at": recent["created_at"] if recent else None,
            }
        )
    counts = assignment_queries.status_counts_for_facilitator(user)
    for row in rows:
        row["assignments"] = counts.get(row["link_id"], {})
    # The home shows who may need the facilitator first, not the whole list: with a hundred
    # clients a full table is a page nobody reads and the slowest part of it (see bench/).
    rows.sort(key=_attention_order)
    attention = [row for row in rows if _attention_order(row)[0] < ATTENTION_NONE]
    context = {
        "clients": attention[:ATTENTION_ROWS],
        "more_attention": max(0, len(attention) - ATTENTION_ROWS),
        "client_count": len(rows),
        "alerts": [
            {"url": f"{client_base}{link_id}/", "name": names[link_id], "occurred_at": when}
            for link_id, when in alerts
        ],
        "open_invitations": Invitation.objects.open(now).filter(facilitator=user).count(),
        "verified": user.facilitator_verified,
        "signal_days": SIGNAL_DAYS,
    }
    context["upcoming"] = schedule_queries.upcoming_for_facilitator(user, limit=10)
    context["assignments_due"] = assignment_queries.due_or_overdue_for_facilitator(
        user, limit=DUE_ROWS
    )
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
    return (rank, row["name"].lower())


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
