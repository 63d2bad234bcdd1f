"""What the guide app adds to shared pages and commands."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from innerchild.core import registry
from innerchild.core.content import ContentError, load_validated


def script_problems() -> list[str]:
    from innerchild.guide.scripts import check_scripts

    return check_scripts() + demo_problems()


def dashboard_context(request) -> dict | None:
    from innerchild.guide import progress

    runs = progress.runs_for_history(request.user)
    return {
        "in_progress": runs.in_progress().first(),
        "suggestion": progress.suggest_next(request.user, runs),
        "count": runs.finished().count(),
    }


def export_section(user) -> registry.ExportSection:
    from innerchild.guide.models import Preferences, SessionRun

    sessions = []
    runs = SessionRun.objects.owned_by(user).prefetch_related("answers").order_by("started_at")
    for run in runs:
        sessions.append(
            {
                "id": str(run.id),
                "script": run.script_id,
                "title": run.script_title,
                "language": run.language,
                "intensity": run.intensity,
                "status": run.status,
                "started_at": run.started_at,
                "ended_at": run.ended_at,
                "step_reached": run.reached_step + 1,
                "step_count": run.step_count,
                "distress_before": run.distress_before,
                "distress_after": run.distress_after,
                "feelings_before": run.feelings_before,
                "feelings_after": run.feelings_after,
                "closed_early": run.closed_early,
                "distress_events": run.distress_events,
                "answers": [
                    {
                        "step": answer.step_index + 1,
                        "type": answer.step_type,
                        "text": answer.text,
                        "text_2": answer.text_2,
                        "data": answer.data,
                        "updated_at": answer.updated_at,
                    }
                    for answer in run.answers.all()
                ],
            }
        )
    preferences = Preferences.objects.filter(owner=user).values(
        "voice_on", "voice_name", "rate", "pitch", "use_audio", "show_photo"
    )
    return registry.ExportSection(
        name="guide",
        data={
            "sessions": sessions,
            "preferences": {k: str(v) for k, v in (preferences.first() or {}).items()},
        },
    )


DEMO_FILE = Path(__file__).parent / "content" / "demo.yaml"
DEMO_SCHEMA = {
    "type": "object",
    "required": ["sessions"],
    "additionalProperties": False,
    "properties": {
        "sessions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["days_ago", "script", "distress_before", "distress_after", "text"],
                "additionalProperties": False,
                "properties": {
                    "days_ago": {"type": "integer", "minimum": 0},
                    "script": {"type": "string", "minLength": 1},
                    "distress_before": {"type": "integer", "minimum": 0, "maximum": 10},
                    "distress_after": {"type": "integer", "minimum": 0, "maximum": 10},
                    "text": {"type": "string", "minLength": 1},
                },
            },
        }
    },
}


def demo_problems() -> list[str]:
    """The demo file against its schema, and every session naming a script that exists."""
    from innerchild.guide.scripts import get_script

    try:
        document = load_validated(DEMO_FILE, DEMO_SCHEMA)
    except ContentError as exc:
        return exc.problems
    try:
        missing = [
            (i, s["script"])
            for i, s in enumerate(document.data["sessions"])
            if get_script(s["script"]) is None
        ]
    except ContentError:
        return []  # the scripts themselves are broken; check_scripts reports that
    return [
        f"{DEMO_FILE}:{document.line_for(('sessions', i, 'script'))}: no script {script_id!r}"
        for i, script_id in missing
    ]


def demo_data(*, member, facilitator) -> list[str]:
    """A few weeks of finished sessions for the demo member, so history and charts show
    something. Runs once: an account that already has sessions is left alone."""
    from innerchild.guide.actions import sync_journal_entry
    from innerchild.guide.models import RunStatus, SessionRun, StepAnswer
    from innerchild.guide.scripts import get_script

    if SessionRun.objects.owned_by(member).exists():
        return ["guide: the demo member already has sessions"]
    plan = load_validated(DEMO_FILE, DEMO_SCHEMA).data["sessions"]
    now = timezone.now().replace(hour=19, minute=30, second=0, microsecond=0)
    created = 0
    for session in plan:
        script = get_script(session["script"])
        before, after, text = session["distress_before"], session["distress_after"], session["text"]
        started = now - timedelta(days=session["days_ago"])
        run = SessionRun.objects.create(
            owner=member,
            script_id=script.id,
            script_title=script.title,
            language=script.language,
            intensity=script.intensity,
            step_count=len(script.steps),
            current_step=len(script.steps) - 1,
            reached_step=len(script.steps) - 1,
            status=RunStatus.COMPLETED,
            started_at=started,
            ended_at=started + timedelta(minutes=script.duration),
            distress_before=before,
            distress_after=after,
        )
        first_text_step = next(
            s for s in script.steps if s.type in ("prompt", "trigger", "reflection")
        )
        StepAnswer.objects.create(
            run=run, step_index=first_text_step.index, step_type=first_text_step.type, text=text
        )
        for step, rating in ((script.steps[0], before), (script.steps[-2], after)):
            StepAnswer.objects.create(
                run=run,
                step_index=step.index,
                step_type="checkin",
                data={"distress": rating, "feelings": []},
            )
        sync_journal_entry(run, script)
        created += 1
    return [f"guide: {created} finished sessions over the last four weeks for the demo member"]


def register() -> None:
    registry.register_onboarding_first("guide")
    registry.register_content_check(registry.ContentCheck("guide scripts", script_problems))
    registry.register_dashboard_panel(
        registry.DashboardPanel(
            key="guide-next",
            template="guide/panel_next.html",
            context=dashboard_context,
            order=30,
        )
    )
    registry.register_export_section(export_section)
    registry.register_demo_data(demo_data)
