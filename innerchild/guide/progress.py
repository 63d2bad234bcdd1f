"""Reading across sessions: history figures, the distress chart, sign changes, what to do next.

Everything here works from one query over the person's runs, so pages stay at a constant number
of queries however many sessions there are.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from innerchild.assessments import api as assessments_api
from innerchild.core.signs import all_signs, get_sign
from innerchild.guide.models import RunStatus, SessionRun
from innerchild.guide.scripts import Script, scripts_for
from innerchild.journal import api as journal_api


def runs_for_history(user) -> list[SessionRun]:
    return list(SessionRun.objects.owned_by(user).order_by("-started_at"))


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


def summarise(user, runs: list[SessionRun]) -> Summary:
    finished = [r for r in runs if r.status != RunStatus.IN_PROGRESS]
    tz = person_timezone(user)
    days = {_local_date(r.started_at, tz) for r in finished}
    changes = [r.distress_change for r in finished if r.distress_change is not None]
    return Summary(
        count=len(finished),
        completed=sum(r.status == RunStatus.COMPLETED for r in finished),
        stopped=sum(r.status == RunStatus.STOPPED for r in finished),
        streak=streak(days, _local_date(timezone.now(), tz)),
        average_change=round(sum(changes) / len(changes), 1) if changes else None,
    )


def chart_data(user, runs: list[SessionRun]) -> dict:
    """Distress before and after each completed session, oldest first, for Chart.js."""
    tz = person_timezone(user)
    points = [
        r for r in reversed(runs) if r.distress_before is not None and r.distress_after is not None
    ]
    return {
        "labels": [_local_date(r.started_at, tz).isoformat() for r in points],
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


def sign_changes(user, runs: list[SessionRun]) -> list[SignChange]:
    """The ten signs now compared with the self-check taken at or before the first session."""
    if not runs:
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


def suggest_next(user, runs: list[SessionRun] | None = None) -> Suggestion | None:
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
    last_done: dict[str, int] = {}
    for position, run in enumerate(runs):  # newest first
        last_done.setdefault(run.script_id, position)
    never = [s for s in candidates if s.id not in last_done]
    by_id = {s.id: s for s in candidates}

    finished = [r for r in runs if r.status != RunStatus.IN_PROGRESS]
    if not finished:
        first = by_id.get("safe-place") or candidates[0]
        return Suggestion(
            first,
            _(
                "because it is a gentle way to begin: a safe place inside that later sessions "
                "come back to"
            ),
        )
    latest = finished[0]
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
