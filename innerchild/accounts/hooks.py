"""What accounts adds to shared pages and commands."""

from __future__ import annotations

from django.utils import timezone

from innerchild.core import registry

DEMO_MEMBER = ("demo@innerchild.local", "demo-member-pass", "Robin")
DEMO_FACILITATOR = ("facilitator@innerchild.local", "demo-facilitator-pass", "Sam")


def ensure_demo_people():
    """The demo member and facilitator (created once; passwords reset to the printed ones)."""
    from innerchild.accounts.models import Path, Role, User

    people = []
    for (email, password, name), role in (
        (DEMO_MEMBER, Role.MEMBER),
        (DEMO_FACILITATOR, Role.FACILITATOR),
    ):
        user, _created = User.objects.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "birth_year": timezone.now().year - 34,
                "role": role,
                "country": "US",
                "timezone": "America/New_York",
                "path": Path.BOTH,
                "terms_accepted_at": timezone.now(),
                "onboarded_at": timezone.now(),
                "email_verified_at": timezone.now(),
                "facilitator_verified": role == Role.FACILITATOR,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        people.append(user)
    return people


def register() -> None:
    registry.register_dashboard_panel(
        registry.DashboardPanel(
            key="getting-started",
            template="accounts/panel_getting_started.html",
            context=lambda request: {"path": request.user.get_path_display()},
            order=90,
        )
    )
