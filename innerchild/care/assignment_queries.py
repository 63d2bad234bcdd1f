"""Reads about assignments and summaries for pages (the facilitator's home and client overview,
the member's dashboard and lists). Plain dicts; each function runs a fixed number of queries
whatever the number of clients or assignments.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innerchild.assessments import api as assessments
from innerchild.care.access import read_shared
from innerchild.care.models import (
    Assignment,
    AssignmentCompletion,
    AssignmentKind,
    CareLink,
    Share,
    SharedSummary,
    ShareKind,
)
from innerchild.core import dates
from innerchild.guide import api as guide
from innerchild.journal import api as journal

# The facilitator's list of what is due looks this far ahead.
DUE_HORIZON = timedelta(days=7)

STATUS_LABELS = {
    "done": _("Done"),
    "due": _("Due"),
    "overdue": _("Overdue"),
    "stopped": _("Stopped"),
}


def _annotated(assignments):
    last = AssignmentCompletion.objects.filter(assignment=OuterRef("pk")).order_by("-completed_at")
    return assignments.annotate(
        last_completed_at=Subquery(last.values("completed_at")[:1]),
        completion_count=Count("completions", distinct=True),
    )


def status_of(assignment: Assignment, now: datetime) -> str:
    """done, due, overdue or stopped, for the occurrence the member has to do now."""
    if assignment.archived_at is not None:
        return "stopped"
    done_before = getattr(assignment, "last_completed_at", None) is not None
    if not assignment.every_weeks and done_before:
        return "done"
    if assignment.every_weeks and done_before and assignment.opens_at and assignment.opens_at > now:
        # The last occurrence is done and the next one has not opened yet.
        return "done"
    if assignment.due_at is not None and assignment.due_at < now:
        return "overdue"
    return "due"


def _row(assignment: Assignment, now: datetime) -> dict:
    status = status_of(assignment, now)
    return {
        "id": assignment.id,
        "link_id": assignment.link_id,
        "kind": assignment.kind,
        "kind_label": AssignmentKind(assignment.kind).label,
        "title": assignment.title,
        "due_at": assignment.due_at,
        "every_weeks": assignment.every_weeks,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "last_completed_at": getattr(assignment, "last_completed_at", None),
        "completion_count": getattr(assignment, "completion_count", 0),
        "archived_at": assignment.archived_at,
        "url": reverse("care:assignment", args=[assignment.link_id, assignment.id]),
    }


def due_label(row: dict) -> str:
    """ "Overdue since …" or "Due …", in the reader's own time zone."""
    if row["due_at"] is None:
        return ""
    when = dates.shown(row["due_at"])
    if row["status"] == "overdue":
        return gettext("Overdue since %(when)s") % {"when": when}
    return gettext("Due %(when)s") % {"when": when}


def start_url(assignment: Assignment) -> str:
    """Where the member starts: the session, the questionnaire, the journal with the prompt,
    or the practice's own page (with its "done" button)."""
    if assignment.kind == AssignmentKind.SCRIPT:
        return guide.start_url(assignment.play_id)
    if assignment.kind == AssignmentKind.QUESTIONNAIRE:
        return assessments.take_url(assignment.target)
    if assignment.kind == AssignmentKind.PROMPT:
        url = journal.prompt_url(assignment.target)
        if url:
            return url
    return reverse("care:my_assignment", args=[assignment.id])


# Only what a status and a row need: the other encrypted columns are not decrypted for nothing.
STATUS_FIELDS = ("id", "link_id", "kind", "due_at", "every_weeks", "opens_at", "archived_at")


def due_or_overdue_for_facilitator(
    user, now: datetime | None = None, *, limit: int | None = None
) -> list[dict]:
    """Across all the facilitator's clients: what is overdue or due within a week, soonest
    first (at most `limit`), with "member_name" (also "client_name"), "due_label" and "url" (the
    facilitator's page of it). One query."""
    now = now or timezone.now()
    assignments = _annotated(
        Assignment.objects.active()
        .filter(link__facilitator=user, due_at__lte=now + DUE_HORIZON)
        .select_related("link__member")
        .only(*STATUS_FIELDS, "title", "link__member__display_name")
    ).order_by("due_at")
    rows = []
    for assignment in assignments.iterator(chunk_size=100) if limit else assignments:
        if status_of(assignment, now) not in ("due", "overdue"):
            continue
        row = _row(assignment, now)
        row["member_name"] = row["client_name"] = assignment.link.member.display_name
        row["due_label"] = due_label(row)
        rows.append(row)
        if limit is not None and len(rows) >= limit:
            break
    return rows


def status_counts_for_facilitator(user, now: datetime | None = None) -> dict:
    """{link id: {"done": n, "due": n, "overdue": n}} over the facilitator's active links."""
    now = now or timezone.now()
    counts: dict = {}
    assignments = _annotated(
        Assignment.objects.active().filter(link__facilitator=user).only(*STATUS_FIELDS)
    )
    for assignment in assignments:
        per_link = counts.setdefault(assignment.link_id, {"done": 0, "due": 0, "overdue": 0})
        per_link[status_of(assignment, now)] += 1
    return counts


def assignments_for_client(link: CareLink, now: datetime | None = None) -> dict:
    """{"current": [...], "stopped": [...]} for the facilitator's page about one client."""
    now = now or timezone.now()
    rows = [_row(a, now) for a in _annotated(Assignment.objects.filter(link=link))]
    return {
        "current": [r for r in rows if r["status"] != "stopped"],
        "stopped": [r for r in rows if r["status"] == "stopped"],
    }


def open_for_member(user, now: datetime | None = None) -> list[dict]:
    """What the member has to do now, from every active link, soonest due first."""
    now = now or timezone.now()
    assignments = _annotated(
        Assignment.objects.open(now).filter(link__member=user).select_related("link__facilitator")
    ).order_by("due_at")
    rows = []
    for assignment in assignments:
        row = _row(assignment, now)
        row["facilitator_name"] = assignment.link.facilitator.display_name
        row["start_url"] = start_url(assignment)
        row["url"] = reverse("care:my_assignment", args=[assignment.id])
        rows.append(row)
    return rows


def summaries_for_member(user, limit: int | None = None) -> list[dict]:
    """Summaries facilitators sent the member, newest first; kept after a link ends."""
    summaries = SharedSummary.objects.filter(member=user).order_by("-sent_at")
    if limit:
        summaries = summaries[:limit]
    return [
        {
            "id": summary.id,
            "facilitator_name": summary.facilitator_name,
            "sent_at": summary.sent_at,
            "body": summary.body,
            "url": reverse("care:my_summary", args=[summary.id]),
        }
        for summary in summaries
    ]


def results_for(link: CareLink, assignment: Assignment, shared: set[str]) -> dict:
    """What the facilitator may see of each completion: the result where the member shares
    that kind (the read is logged), otherwise only when it was done."""
    completions = list(assignment.completions.all())
    results: dict[str, dict] = {}
    refs = {c.result_id for c in completions}
    if assignment.kind == AssignmentKind.QUESTIONNAIRE and ShareKind.ASSESSMENTS in shared:
        read_shared(link, ShareKind.ASSESSMENTS)
        history = assessments.history_for(link.member, assignment.target) or {"rows": []}
        for row in history["rows"]:
            attempt = row["attempt"]
            if str(attempt.id) in refs:
                results[str(attempt.id)] = {
                    "band": row["band"],
                    "figures": list(zip(history.get("columns", []), row["values"], strict=False)),
                }
    if assignment.kind == AssignmentKind.SCRIPT and ShareKind.GUIDE_SESSIONS in shared:
        read_shared(link, ShareKind.GUIDE_SESSIONS)
        for session in guide.session_summaries(link.member, limit=500):
            if str(session["id"]) in refs:
                results[str(session["id"])] = {
                    "distress_before": session["distress_before"],
                    "distress_after": session["distress_after"],
                    "minutes": session["minutes"],
                }
    if assignment.kind == AssignmentKind.PROMPT:
        # An entry is shown only where the member shares that one entry (the client's entry
        # page logs the read when it is opened).
        entry_ids = [c.result_id for c in completions if c.result_kind == "entry"]
        shared_entries = Share.objects.current().filter(
            link=link, kind=ShareKind.ENTRY, item_id__in=entry_ids
        )
        for item_id in shared_entries.values_list("item_id", flat=True):
            results[str(item_id)] = {
                "entry_url": reverse("care:client_entry", args=[link.id, item_id])
            }
    return {
        "rows": [{"completion": c, "result": results.get(c.result_id)} for c in completions],
        "result_shared": bool(results) or _kind_shared(assignment.kind, shared),
    }


def _kind_shared(kind: str, shared: set[str]) -> bool:
    if kind == AssignmentKind.QUESTIONNAIRE:
        return ShareKind.ASSESSMENTS in shared
    if kind == AssignmentKind.SCRIPT:
        return ShareKind.GUIDE_SESSIONS in shared
    return False
