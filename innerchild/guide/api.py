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

import re

from django.urls import reverse

from innerchild.guide.models import SessionRun
from innerchild.guide.scripts import Script, get_script, script_from_text, scripts_for
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


# Live session room (innerchild.live) --------------------------------------------------------------
# - script_steps(script_id, language="en") -> list[dict]   [] for an unknown script
#     Each step: {"index", "type", "title", "text", "lines": [{"say", "pause"}], "question",
#     "options": [{"id", "label"}], "takes_answer"}; for a facilitator to pace on two screens.


def script_steps(script_id: str, language: str = "en") -> list[dict]:
    script = get_script(script_id, language)
    if script is None:
        return []
    steps = []
    for step in script.steps:
        question = step.get("question") or step.get("hope_label") or ""
        if not question and step.type == "reflection":
            question = " ".join(step.get("questions", []))
        steps.append(
            {
                "index": step.index,
                "type": step.type,
                "title": step.title,
                "text": step.text,
                "lines": [{"say": line.say, "pause": line.pause} for line in step.lines],
                "question": question,
                "options": [
                    {"id": str(o.get("id", "")), "label": str(o.get("label", ""))}
                    for o in step.get("options", [])
                ],
                "takes_answer": step.takes_answer,
            }
        )
    return steps


# Facilitators' own scripts (written in care). The guide never imports care: care registers a
# provider, which the player asks for any id that is not a shipped script.
#
# - validate_script_source(text, language) -> (Script | None, list[str])
#     Checked exactly like a shipped script (schema and session arc); each problem reads
#     "Line N: message". The script's `id` is the author's own and not used to play it.
# - register_script_provider(provider) -> None
#     provider(user, script_id, language, *, playing) -> Script | None: the script `user` may
#     play (`playing`) or look back at (a finished run), None otherwise. Gates (deep work,
#     minimum age) apply to what it returns exactly as to shipped scripts.
# - provided_script(user, script_id, language, *, playing=True) -> Script | None

_LINE_PREFIX = re.compile(r"^[^\n]*?\.yaml:(\d+): ")
_script_providers: list = []


def validate_script_source(text: str, language: str) -> tuple[Script | None, list[str]]:
    from django.utils.translation import gettext as _

    script, problems = script_from_text(text, language)
    lines = [
        _LINE_PREFIX.sub(lambda m: _("Line %(line)s: ") % {"line": m.group(1)}, problem, count=1)
        for problem in problems
    ]
    return script, lines


def register_script_provider(provider) -> None:
    if provider not in _script_providers:
        _script_providers.append(provider)


def provided_script(user, script_id: str, language: str, *, playing: bool = True):
    for provider in _script_providers:
        script = provider(user, script_id, language, playing=playing)
        if script is not None:
            return script
    return None
