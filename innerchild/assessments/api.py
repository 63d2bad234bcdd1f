"""The assessments app's public API for other apps.

CONTRACT (keep stable):
- latest_sign_scores(user) -> dict[str, int] | None
    The latest completed `signs` self-check as {sign_id: 0-4}, or None if never taken.
- first_sign_scores(user) -> dict[str, int] | None     the first completed `signs` self-check
- strongest_signs(user, limit=3) -> list[str]
    Sign ids from the latest self-check, strongest first (ties keep the signs.yaml order);
    only signs rated above 0. Empty if never taken.
- latest_signs_completed_at(user) -> datetime | None
"""

from __future__ import annotations


def latest_sign_scores(user) -> dict[str, int] | None:
    return None


def first_sign_scores(user) -> dict[str, int] | None:
    return None


def strongest_signs(user, limit: int = 3) -> list[str]:
    return []


def latest_signs_completed_at(user):
    return None
