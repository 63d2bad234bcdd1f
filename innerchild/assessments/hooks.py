"""What assessments adds to shared pages and commands."""

from __future__ import annotations

from innerchild.core import registry


def register() -> None:
    from innerchild.assessments import dashboard, demo, export
    from innerchild.assessments.instruments import content_problems

    registry.register_onboarding_first("assessments")
    registry.register_content_check(
        registry.ContentCheck(name="assessments", check=content_problems)
    )
    registry.register_dashboard_panel(
        registry.DashboardPanel(
            key="assessments",
            template="assessments/panel.html",
            context=dashboard.panel_context,
            order=20,
        )
    )
    registry.register_export_section(export.export_section)
    registry.register_demo_data(demo.build_demo_data)
