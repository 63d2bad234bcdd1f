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


def _note_authenticated(sender, request, user, **kwargs) -> None:
    from innerchild.accounts import twofactor

    if getattr(request, "session", None) is not None:
        twofactor.note_authenticated(request.session)


def register() -> None:
    from django.contrib.auth.signals import user_logged_in

    # A login is the freshest proof of who someone is ("is it still you?" counts from here).
    user_logged_in.connect(_note_authenticated, dispatch_uid="accounts-note-authenticated")
    registry.register_dashboard_panel(
        registry.DashboardPanel(
            key="getting-started",
            template="accounts/panel_getting_started.html",
            context=lambda request: {"path": request.user.get_path_display()},
            order=90,
        )
    )
