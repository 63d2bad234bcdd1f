"""The assessments' JSON operations, for the typed API (innerchild.api) through assessments/api.py.

Anything the person may not see is Http404; answers that cannot be scored raise AnswerError with
the reason.
"""

from __future__ import annotations

from django.urls import reverse

from innerchild.assessments.access import get_instrument_for, instruments_for
from innerchild.assessments.actions import do_submit_answers
from innerchild.assessments.instruments import Instrument
from innerchild.assessments.models import Attempt
from innerchild.assessments.scoring import AnswerError, safety_actions
from innerchild.safety import api as safety

__all__ = ["AnswerError", "attempts_of", "history", "instrument_records", "submit_answers"]


def instrument_data(instrument: Instrument) -> dict:
    return {
        "id": instrument.id,
        "title": instrument.title,
        "short_title": instrument.short_title,
        "version": instrument.version,
        "kind": instrument.kind,
        "instructions": instrument.instructions,
        "stem": instrument.stem,
        "recall_period": instrument.recall_period,
        "citation": instrument.citation,
        "licence": instrument.licence,
        "minimum_age": instrument.minimum_age,
        "opt_in": instrument.opt_in,
        "reassess_days": instrument.reassess_days,
        "meaningful_change": (
            {
                "metric": instrument.meaningful_change.metric,
                "points": instrument.meaningful_change.points,
            }
            if instrument.meaningful_change
            else None
        ),
        "items": [
            {
                "id": item.id,
                "number": item.number,
                "text": item.text,
                "options": [{"value": o.value, "label": o.label} for o in item.options],
                "asked_if": item.asked_if,
            }
            for item in instrument.items
        ],
    }


def attempt_data(attempt: Attempt) -> dict:
    return {
        "id": str(attempt.id),
        "instrument": attempt.instrument,
        "instrument_version": attempt.instrument_version,
        "completed_at": attempt.completed_at.isoformat(),
        "score": attempt.score_dict(),
        "result_url": reverse("assessments:result", args=[attempt.id]),
    }


def _completed(user, instrument_ids):
    return (
        Attempt.objects.owned_by(user)
        .completed()
        .filter(instrument__in=instrument_ids)
        .order_by("completed_at")
    )


def instrument_records(user) -> list[dict]:
    return [instrument_data(i) for i in instruments_for(user)]


def attempts_of(user, instrument_id: str) -> dict:
    instrument = get_instrument_for(user, instrument_id)
    attempts = _completed(user, [instrument.id])
    return {"instrument": instrument.id, "attempts": [attempt_data(a) for a in attempts]}


def submit_answers(user, instrument_id: str, answers: list) -> dict:
    instrument = get_instrument_for(user, instrument_id)
    attempt, result = do_submit_answers(user, instrument, answers)
    actions = safety_actions(instrument, result.band, result.flags)
    next_url = None
    if "crisis_then_asq" in actions:
        next_url = safety.crisis_url(next_url=reverse("assessments:intro", args=["asq"]))
    elif "crisis" in actions:
        next_url = safety.crisis_url(next_url=reverse("assessments:result", args=[attempt.id]))
    data = attempt_data(attempt)
    data["safety"] = {"actions": actions, "next_url": next_url} if actions else None
    return data


def history(user) -> list[dict]:
    visible = [instrument.id for instrument in instruments_for(user)]
    return [attempt_data(a) for a in _completed(user, visible)]
