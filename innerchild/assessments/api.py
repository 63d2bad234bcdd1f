"""The assessments app's public API for other apps.

CONTRACT (keep stable):
- latest_sign_scores(user) -> dict[str, int] | None
    The latest completed `signs` self-check as {sign_id: 0-4}, or None if never taken.
- first_sign_scores(user) -> dict[str, int] | None     the first completed `signs` self-check
- strongest_signs(user, limit=3) -> list[str]
    Sign ids from the latest self-check, strongest first (ties keep the signs.yaml order);
    only signs rated above 0. Empty if never taken.
- latest_signs_completed_at(user) -> datetime | None

For a facilitator's view (the caller decides who may read; see care.access):
- attempt_completed                        signal(user, attempt_id, instrument), after commit
- instrument_choices(member) -> list[tuple[str, str]]   (id, title) the member may be sent
- taken_instruments(user) -> list[dict]    {"id", "title", "count", "latest_at", "latest_band"}
- history_for(user, instrument_id) -> dict | None   presenting.history_context for that person
- take_url(instrument_id) -> str           where the member starts a questionnaire

For the typed JSON API (innerchild.api); Http404 for an instrument the person may not take:
- instrument_records(user) -> list[dict] the questionnaires they may take, items and options
- attempts_of(user, instrument_id) -> dict {"instrument", "attempts"}: completed, oldest first
- submit_answers(user, instrument_id, answers) -> dict   scores and saves; AnswerError with the
    reason when the answers cannot be scored; "safety" says what the person should see next
- history(user) -> list[dict]              every completed attempt they may see, oldest first
"""

from __future__ import annotations

from innerchild.assessments.models import Attempt
from innerchild.assessments.remote import (  # noqa: F401  (public surface)
    AnswerError,
    attempts_of,
    history,
    instrument_records,
    submit_answers,
)
from innerchild.assessments.scoring import strongest
from innerchild.assessments.signals import attempt_completed  # noqa: F401  (public surface)
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


def instrument_choices(member) -> list[tuple[str, str]]:
    from innerchild.assessments.instruments import instrument_list

    return [(i.id, i.title) for i in instrument_list() if i.available_to(member)]


def taken_instruments(user) -> list[dict]:
    from django.db.models import Count, Max

    from innerchild.assessments.instruments import all_instruments

    instruments = all_instruments()
    rows = (
        Attempt.objects.owned_by(user)
        .completed()
        .values("instrument")
        .annotate(count=Count("id"), latest_at=Max("completed_at"))
        .order_by("instrument")
    )
    taken = []
    for row in rows:
        instrument = instruments.get(row["instrument"])
        if instrument is not None:
            taken.append(
                {
                    "id": instrument.id,
                    "title": instrument.title,
                    "count": row["count"],
                    "latest_at": row["latest_at"],
                }
            )
    return taken


def history_for(user, instrument_id: str) -> dict | None:
    from innerchild.assessments.instruments import all_instruments
    from innerchild.assessments.presenting import history_context

    instrument = all_instruments().get(instrument_id)
    if instrument is None:
        return None
    return history_context(user, instrument)


def take_url(instrument_id: str) -> str:
    from django.urls import reverse

    return reverse("assessments:intro", args=[instrument_id])
