"""What assignments, notes and own scripts add to shared pages and the guide (called from
care/hooks.py): the member's dashboard cards, their export, completion signals, the script
provider and the periodic jobs."""

from __future__ import annotations

from innerchild.core import registry

DASHBOARD_LIMIT = 5


def assignments_panel(request) -> dict | None:
    from innerchild.care import assignment_queries

    rows = assignment_queries.open_for_member(request.user)
    return {"assignments": rows[:DASHBOARD_LIMIT]} if rows else None


def summaries_panel(request) -> dict | None:
    from innerchild.care import assignment_queries

    rows = assignment_queries.summaries_for_member(request.user, limit=3)
    return {"summaries": rows} if rows else None


def export_section(user) -> registry.ExportSection:
    """The member's summaries and assignments. Facilitators' notes are theirs, never here."""
    from innerchild.care.models import Assignment, SharedSummary

    summaries = SharedSummary.objects.filter(member=user).order_by("sent_at")
    assignments = (
        Assignment.objects.filter(link__member=user)
        .select_related("link__facilitator")
        .prefetch_related("completions")
        .order_by("created_at")
    )
    return registry.ExportSection(
        name="care_summaries_and_assignments",
        data={
            "summaries": [
                {
                    "from": summary.facilitator_name,
                    "sent_at": summary.sent_at.isoformat(),
                    "body": summary.body,
                }
                for summary in summaries
            ],
            "assignments": [
                {
                    "from": a.link.facilitator.display_name,
                    "kind": a.kind,
                    "title": a.title,
                    "instructions": a.instructions,
                    "due_at": a.due_at.isoformat() if a.due_at else None,
                    "every_weeks": a.every_weeks,
                    "stopped_at": a.archived_at.isoformat() if a.archived_at else None,
                    "completed_at": [c.completed_at.isoformat() for c in a.completions.all()],
                }
                for a in assignments
            ],
        },
    )


def register() -> None:
    from innerchild.care import assignment_tasks, scripts_provider
    from innerchild.care.actions import assignments

    registry.register_dashboard_panel(
        registry.DashboardPanel(
            key="care-assignments",
            template="care/assignments/panel.html",
            context=assignments_panel,
            order=12,
        )
    )
    registry.register_dashboard_panel(
        registry.DashboardPanel(
            key="care-summaries",
            template="care/notes/panel.html",
            context=summaries_panel,
            order=16,
        )
    )
    registry.register_export_section(export_section)
    assignments.connect_signals()
    scripts_provider.register()
    assignment_tasks.register()
