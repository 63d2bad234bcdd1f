"""What the guide app adds to shared pages and commands."""

from __future__ import annotations

from innerchild.core import registry


def script_problems() -> list[str]:
    from innerchild.guide.scripts import check_scripts

    return check_scripts()


def register() -> None:
    registry.register_content_check(registry.ContentCheck("guide scripts", script_problems))
