"""Reading across sessions: history figures, the distress chart, sign changes, what to do next.

Everything here works from the person's runs as a queryset and asks the database for bounded
answers (counts, averages, the latest sessions), so pages take the same queries, and about the
same time, with ten sessions or a thousand.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innerchild.assessments import api as assessments_api
from innerchild.core import dates
from innerchild.core.signs import all_signs, get_sign
from innerchild.guide.models import RunStatus, SessionRun, SessionRunQuerySet
from innerchild.guide.scripts import Script, scripts_for
from innerchild.journal import api as journal_api

# The distress chart shows the latest sessions: a thousand points would be unreadable and slow.
CHART_POINTS = 60


def runs_for_history(user) -> SessionRunQuerySet:
    """The person's runs, newest first, not yet read: callers slice, count or aggregate."""
    return SessionRun.objects.owned_by(user).order_by("-started_at")


def unfinished(runs: SessionRunQuerySet, limit: int = 3) -> list[SessionRun]:
    """Sessions to pick up, newest first, one per script: starting a script again leaves the
    older run in progress, and listing both would offer the same session twice."""
    latest: dict[str, SessionRun] = {}
    # Bounded: a person with many abandoned runs still costs one small query.
    for run in runs.in_progress().order_by("-started_at")[:50]:
        latest.setdefault(run.script_id, run)
    return list(latest.values())[:limit]


def _local_date(moment, tz) -> date:
    return timezone.localtime(moment, tz).date()


def person_timezone(user):
    try:
        return zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def streak(days: set[date], today: date) -> int:
    """Days in a row with a session, ending today (or yesterday: today is not over yet)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Summary:
    count: int
    completed: int
    stopped: int
    streak: int
    average_change: float | None


def _streak_from_latest(finished: SessionRunQuerySet, tz, today: date) -> int:
    """The streak, reading start times newest first only until the first missing day."""
    day = None
    count = 0
    moments = finished.order_by("-started_at").values_list("started_at", flat=True)
    for moment in moments.iterator(chunk_size=64):
        local = _local_date(moment, tz)
        if day is None:
            if local not in (today, today - timedelta(days=1)):
                return 0
            day, count = local, 1
        elif local == day - timedelta(days=1):
            day, count = local, count + 1
        elif local != day:
            break
    return count


def summarise(user, runs: SessionRunQuerySet) -> Summary:
    finished = runs.finished()
    figures = finished.aggregate(
        count=Count("id"),
        completed=Count("id", filter=Q(status=RunStatus.COMPLETED)),
        stopped=Count("id", filter=Q(status=RunStatus.STOPPED)),
        average_change=Avg(
            F("distress_after") - F("distress_before"),
            filter=Q(distress_before__isnull=False, distress_after__isnull=False),
        ),
    )
    tz = person_timezone(user)
    average = figures["average_change"]
    return Summary(
        count=figures["count"],
        completed=figures["completed"],
        stopped=figures["stopped"],
        streak=_streak_from_latest(finished, tz, _local_date(timezone.now(), tz)),
        average_change=round(average, 1) if average is not None else None,
    )


def chart_data(user, runs: SessionRunQuerySet) -> dict:
    """Distress before and after the latest sessions that have both, oldest first, for Chart.js."""
    tz = person_timezone(user)
    latest = runs.filter(distress_before__isnull=False, distress_after__isnull=False).order_by(
        "-started_at"
    )
    points = list(
        latest.only("started_at", "script_title", "distress_before", "distress_after")[
            : CHART_POINTS + 1
        ]
    )
    more = len(points) > CHART_POINTS
    points = points[:CHART_POINTS][::-1]
    return {
        "more": more,
        "labels": [dates.shown(r.started_at, "day", zone=tz) for r in points],
        "titles": [r.script_title for r in points],
        "before": [r.distress_before for r in points],
        "after": [r.distress_after for r in points],
        "before_label": _("Distress before"),
        "after_label": _("Distress after"),
    }


def feeling_labels() -> dict[str, str]:
    return {
        feeling["id"]: feeling["label"]
        for family in journal_api.feeling_families()
        for feeling in family["feelings"]
    }


@dataclass(frozen=True)
class SignChange:
    id: str
    title: str
    first: int
    latest: int

    @property
    def change(self) -> int:
        return self.latest - self.first


def sign_changes(user, runs: SessionRunQuerySet) -> list[SignChange]:
    """The ten signs now compared with the self-check taken at or before the first session."""
    if not runs.exists():
        return []
    first = assessments_api.first_sign_scores(user)
    latest = assessments_api.latest_sign_scores(user)
    if not first or not latest or first == latest:
        return []
    return [
        SignChange(sign.id, sign.title, first[sign.id], latest[sign.id])
        for sign in all_signs()
        if sign.id in first and sign.id in latest
    ]


@dataclass(frozen=True)
class Suggestion:
    script: Script
    reason: str


def suggest_next(user, runs: SessionRunQuerySet | None = None) -> Suggestion | None:
    """A next session in plain words: from the strongest signs, what has not been done yet, and
    never a deep session (those are chosen, not suggested)."""
    runs = runs if runs is not None else runs_for_history(user)
    age = user.age_this_year
    candidates = [
        s
        for s in scripts_for(user.language or "en")
        if s.intensity in ("gentle", "moderate") and s.minimum_age <= age
    ]
    if not candidates:
        return None
    # One row per script ever done (a few dozen at most), newest first: 0 is the latest.
    latest_by_script = (
        runs.order_by().values("script_id").annotate(latest=Max("started_at")).order_by("-latest")
    )
    last_done = {row["script_id"]: rank for rank, row in enumerate(latest_by_script)}
    never = [s for s in candidates if s.id not in last_done]
    by_id = {s.id: s for s in candidates}

    latest = runs.finished().order_by("-started_at").first()
    if latest is None:
        first = by_id.get("safe-place") or candidates[0]
        return Suggestion(
            first,
            _(
                "because it is a gentle way to begin: a safe place inside that later sessions "
                "come back to"
            ),
        )
    if latest.distress_change is not None and latest.distress_change > 0:
        gentle = [s for s in candidates if s.intensity == "gentle"]
        if gentle:
            choice = min(gentle, key=lambda s: (s.id in last_done, -last_done.get(s.id, 0)))
            return Suggestion(
                choice,
                _(
                    "because your last session ended with more distress than it began with, "
                    "so something gentle may be kinder next"
                ),
            )
    for sign_id in assessments_api.strongest_signs(user, limit=3):
        fitting = [s for s in never if sign_id in s.signs]
        if fitting:
            fitting.sort(key=lambda s: (s.intensity != "gentle", s.signs.index(sign_id)))
            return Suggestion(
                fitting[0],
                _(
                    "because “%(sign)s” was among your strongest signs in your last self-check "
                    "and you have not done this one yet"
                )
                % {"sign": get_sign(sign_id).short.lower()},
            )
    if never:
        return Suggestion(never[0], _("because you have not tried this one yet"))
    oldest = max(candidates, key=lambda s: last_done.get(s.id, 0))
    return Suggestion(oldest, _("because it is the one you have not come back to for longest"))
