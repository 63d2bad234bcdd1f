"""Extension points that let each app plug into shared pages and commands without core importing it.

Apps register in their AppConfig.ready(). Core owns the lists; it never imports an app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DashboardPanel:
    """A card on the dashboard. `context` returns None to hide the card for this person."""

    key: str
    template: str
    context: Callable[[Any], dict | None]
    order: int = 50


@dataclass
class ExportSection:
    """One app's share of "export my data": JSON-able data plus optional extra files for the zip."""

    name: str
    data: Any
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class ContentCheck:
    """Validates one family of content files; returns human-readable errors with file and line."""

    name: str
    check: Callable[[], list[str]]


dashboard_panels: list[DashboardPanel] = []
export_sections: list[Callable[[Any], ExportSection]] = []
demo_data_builders: list[Callable[..., list[str]]] = []
content_checks: list[ContentCheck] = []


def register_dashboard_panel(panel: DashboardPanel) -> None:
    if all(existing.key != panel.key for existing in dashboard_panels):
        dashboard_panels.append(panel)
        dashboard_panels.sort(key=lambda p: p.order)


def register_export_section(builder: Callable[[Any], ExportSection]) -> None:
    if builder not in export_sections:
        export_sections.append(builder)


def register_demo_data(builder: Callable[..., list[str]]) -> None:
    """`builder(member=..., facilitator=...)` adds demo rows idempotently, returns lines to print."""
    if builder not in demo_data_builders:
        demo_data_builders.append(builder)


def register_content_check(check: ContentCheck) -> None:
    if all(existing.name != check.name for existing in content_checks):
        content_checks.append(check)


@dataclass(frozen=True)
class RolePages:
    """Where a role's people start: their own home instead of the member dashboard, and their own
    onboarding. URL names, so core never imports the app that owns them."""

    home: str
    onboarding: str


role_pages: dict[str, RolePages] = {}


def register_role_pages(role: str, pages: RolePages) -> None:
    role_pages[role] = pages


def pages_for(user) -> RolePages | None:
    return role_pages.get(getattr(user, "role", ""))


@dataclass(frozen=True)
class OnboardingFirst:
    """An app whose pages a person reaches only after onboarding; `always_open` lists the URL
    names (without the namespace) that stay reachable before it, such as Pause and crisis lines."""

    namespace: str
    always_open: frozenset[str] = frozenset()


onboarding_first: dict[str, OnboardingFirst] = {}


def register_onboarding_first(namespace: str, always_open: tuple[str, ...] = ()) -> None:
    onboarding_first[namespace] = OnboardingFirst(namespace, frozenset(always_open))


def needs_onboarding_first(namespace: str, url_name: str) -> bool:
    rule = onboarding_first.get(namespace)
    return rule is not None and url_name not in rule.always_open
