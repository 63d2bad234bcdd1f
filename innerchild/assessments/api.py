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

from innerchild.assessments.models import Attempt
from innerchild.assessments.scoring import strongest
from innerchild.core.signs import sign_ids


def _signs_attempt(user, *, latest: bool) -> Attempt | None:
    if user is None or not user.is_authenticated:
        return None
    order = "-completed_at" if latest else "completed_at"
    return (
        Attempt.objects.owned_by(user)
        .completed()
        .of("signs")
        .only("subscales", "completed_at")
        .order_by(order)
        .first()
    )


def _scores(attempt: Attempt | None) -> dict[str, int] | None:
    if attempt is None:
        return None
    return {sign: int(attempt.subscales[sign]) for sign in sign_ids() if sign in attempt.subscales}


def latest_sign_scores(user) -> dict[str, int] | None:
    return _scores(_signs_attempt(user, latest=True))


def first_sign_scores(user) -> dict[str, int] | None:
    return _scores(_signs_attempt(user, latest=False))


def strongest_signs(user, limit: int = 3) -> list[str]:
    scores = latest_sign_scores(user)
    if not scores:
        return []
    return strongest(scores, sign_ids(), limit)


def latest_signs_completed_at(user):
    attempt = _signs_attempt(user, latest=True)
    return attempt.completed_at if attempt else None
