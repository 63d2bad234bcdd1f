"""The guide app's public API for other apps.

CONTRACT (keep stable):
- run_completed                       signal(user, run_id, script_id), sent after commit
- script_choices(language) -> list[tuple[str, str, str]]   (id, title, intensity) of shipped scripts
- script_title(script_id, language="en") -> str | None     None for an unknown script
- start_url(script_id) -> str                              the script's page, where it starts
- session_summaries(user, limit=100) -> list[dict]
    Newest first: {"id", "script_id", "title", "status", "started_at", "ended_at", "minutes",
    "distress_before", "distress_after", "distress_change"}. Never answers or text.
"""

from __future__ import annotations

from django.urls import reverse

from innerchild.guide.models import SessionRun
from innerchild.guide.scripts import get_script, scripts_for
from innerchild.guide.signals import run_completed  # noqa: F401  (public surface)


def script_choices(language: str = "en") -> list[tuple[str, str, str]]:
    return [(s.id, s.title, s.intensity) for s in scripts_for(language)]


def script_title(script_id: str, language: str = "en") -> str | None:
    script = get_script(script_id, language) or get_script(script_id, "en")
    return script.title if script else None


def start_url(script_id: str) -> str:
    return reverse("guide:script", args=[script_id])


def session_summaries(user, limit: int = 100) -> list[dict]:
    runs = SessionRun.objects.owned_by(user).order_by("-started_at")[:limit]
    return [
        {
            "id": run.id,
            "script_id": run.script_id,
            "title": run.script_title,
            "status": run.status,
            "started_at": run.started_at,
            "ended_at": run.ended_at,
            "minutes": run.minutes,
            "distress_before": run.distress_before,
            "distress_after": run.distress_after,
            "distress_change": run.distress_change,
        }
        for run in runs
    ]
