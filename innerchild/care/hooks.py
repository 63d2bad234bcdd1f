"""What the care app adds to shared pages and commands."""

from __future__ import annotations

from innerchild.core import registry


def my_care_panel(request) -> dict | None:
    from innerchild.care.models import CareLink

    links = list(
        CareLink.objects.active().of_member(request.user).select_related("facilitator")[:5]
    )
    if not links:
        return None
    return {"links": links}


def export_section(user) -> registry.ExportSection:
    from innerchild.care.models import CareLink, Share

    links = CareLink.objects.of_member(user).select_related("facilitator")
    shares = Share.objects.filter(link__member=user).order_by("granted_at")
    return registry.ExportSection(
        name="care",
        data={
            "facilitators": [
                {
                    "facilitator": link.facilitator.display_name,
                    "started_at": link.started_at.isoformat(),
                    "ended_at": link.ended_at.isoformat() if link.ended_at else None,
                    "crisis_alerts": link.crisis_alerts,
                }
                for link in links
            ],
            "shares": [
                {
                    "facilitator": share.link.facilitator.display_name,
                    "kind": share.kind,
                    "item_id": str(share.item_id) if share.item_id else None,
                    "granted_at": share.granted_at.isoformat(),
                    "expires_at": share.expires_at.isoformat() if share.expires_at else None,
                    "revoked_at": share.revoked_at.isoformat() if share.revoked_at else None,
                }
                for share in shares.select_related("link__facilitator")
            ],
        },
    )


def register() -> None:
    from innerchild.care import assignment_hooks, demo
    from innerchild.care.actions.alerts import on_risk_event
    from innerchild.safety import api as safety

    # A facilitator's onboarding is their practice profile; private calendar feeds are read by
    # calendar apps, which never onboard.
    registry.register_onboarding_first("care", always_open=("practice_profile", "calendar_feed"))
    registry.register_role_pages(
        "facilitator",
        registry.RolePages(home="care:practice", onboarding="care:practice_profile"),
    )
    registry.register_dashboard_panel(
        registry.DashboardPanel(
            key="my-care", template="care/links/panel.html", context=my_care_panel, order=15
        )
    )
    registry.register_export_section(export_section)
    registry.register_demo_data(demo.build_demo_data)
    safety.risk_event_recorded.connect(on_risk_event, dispatch_uid="care-crisis-alerts")
    assignment_hooks.register()
