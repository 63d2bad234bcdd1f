"""What this app adds to shared pages and commands."""

from __future__ import annotations


def register() -> None:
    pass
