"""What the journal adds to shared pages and commands."""

from __future__ import annotations

from django.utils import timezone

from innerchild.core import registry


def affirmation_of_the_day(user) -> str | None:
    from innerchild.journal.models import Affirmation

    texts = list(Affirmation.objects.filter(owner=user).values_list("text", flat=True))
    if not texts:
        return None
    # Stable for the whole local day, moving on by one each day.
    return texts[timezone.localdate().toordinal() % len(texts)]


def today_panel(request) -> dict | None:
    from innerchild.journal import prompting

    user = request.user
    prompt = prompting.prompt_for_today(user)
    return {
        "prompt": prompt,
        "prompt_url": prompting.prompt_url(prompt),
        "affirmation": affirmation_of_the_day(user),
    }


def export_section(user):
    from innerchild.journal.exporting import export_data, export_files

    data = export_data(user)
    return registry.ExportSection(name="journal", data=data, files=export_files(user, data))


def demo_data(*, member, facilitator) -> list[str]:
    from innerchild.journal.demo import build_demo

    return build_demo(member)


def check_content() -> list[str]:
    from innerchild.journal.demo import check_demo_file
    from innerchild.journal.vocab import check_content as check

    return check() + check_demo_file()


def register() -> None:
    registry.register_onboarding_first("journal")
    registry.register_dashboard_panel(
        registry.DashboardPanel(
            key="journal-today",
            template="journal/panel_today.html",
            context=today_panel,
            order=20,
        )
    )
    registry.register_export_section(export_section)
    registry.register_demo_data(demo_data)
    registry.register_content_check(registry.ContentCheck(name="journal", check=check_content))
