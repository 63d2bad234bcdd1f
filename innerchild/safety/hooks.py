"""What the safety app adds to shared pages and commands: dashboard card, export, demo, checks."""

from __future__ import annotations

from pathlib import Path

from innerchild.core import registry
from innerchild.core.content import ContentError, load_validated

DEMO_PLAN_FILE = Path(__file__).parent / "content" / "demo_plan.yaml"


def demo_plan_schema() -> dict:
    from innerchild.safety.models import PLAN_FIELDS

    return {
        "type": "object",
        "required": ["plan"],
        "additionalProperties": False,
        "properties": {
            "plan": {
                "type": "object",
                "required": list(PLAN_FIELDS),
                "additionalProperties": False,
                "properties": {name: {"type": "string"} for name in PLAN_FIELDS},
            }
        },
    }


def demo_plan_problems() -> list[str]:
    try:
        load_validated(DEMO_PLAN_FILE, demo_plan_schema())
    except ContentError as exc:
        return exc.problems
    return []


def panel_context(request) -> dict:
    from innerchild.safety.models import SafetyCheckin, SafetyPlan

    user = request.user
    plan = SafetyPlan.objects.filter(user=user).first()
    last = SafetyCheckin.objects.filter(user=user).values_list("created_at", flat=True).first()
    return {"has_plan": bool(plan and not plan.is_empty), "last_checkin": last}


def export_section(user) -> registry.ExportSection:
    from innerchild.safety.models import (
        PLAN_FIELDS,
        DistressRating,
        ReadinessCheck,
        RiskEvent,
        SafetyCheckin,
        SafetyPlan,
    )

    plan = SafetyPlan.objects.filter(user=user).first()
    data = {
        "safety_plan": (
            {name: getattr(plan, name) for name in PLAN_FIELDS} | {"updated_at": plan.updated_at}
            if plan
            else None
        ),
        "check_in_notes": [
            {"created_at": note.created_at, "body": note.body}
            for note in SafetyCheckin.objects.filter(user=user).order_by("created_at", "id")
        ],
        "readiness_checks": list(
            ReadinessCheck.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("created_at", "outcome", "reasons")
        ),
        "distress_ratings": list(
            DistressRating.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("created_at", "exercise", "phase", "rating", "offered_grounding")
        ),
        "risk_events": list(
            RiskEvent.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("created_at", "level", "categories", "source")
        ),
    }
    files = {}
    if plan and not plan.is_empty:
        lines = ["# My safety plan", ""]
        for section in plan.sections():
            lines += [f"## {section['label']}", "", section["text"] or "-", ""]
        files["safety-plan.md"] = "\n".join(lines).encode("utf-8")
    return registry.ExportSection(name="safety", data=data, files=files)


def build_demo_data(*, member, facilitator) -> list[str]:
    from innerchild.safety.models import SafetyPlan

    plan = load_validated(DEMO_PLAN_FILE, demo_plan_schema()).data["plan"]
    SafetyPlan.objects.update_or_create(user=member, defaults=plan)
    return [f"safety: a demo safety plan for {member.email}"]


def check_content() -> list[str]:
    from innerchild.safety.evaluation import check_eval_files
    from innerchild.safety.lines import check_lines
    from innerchild.safety.screening import check_lexicons

    return check_lines() + check_lexicons() + check_eval_files() + demo_plan_problems()


def register() -> None:
    # Pause and the crisis pages stay open to everyone, onboarded or not.
    registry.register_onboarding_first("safety", always_open=("pause", "crisis", "are_you_safe"))
    registry.register_dashboard_panel(
        registry.DashboardPanel(
            key="safety", template="safety/panel.html", context=panel_context, order=20
        )
    )
    registry.register_export_section(export_section)
    registry.register_demo_data(build_demo_data)
    registry.register_content_check(registry.ContentCheck(name="safety", check=check_content))
