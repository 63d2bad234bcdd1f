"""The assessments share of "export my data": every attempt with its answers and score."""

from __future__ import annotations

from innerchild.assessments.instruments import all_instruments
from innerchild.assessments.models import Attempt
from innerchild.core.registry import ExportSection


def _in_item_order(attempt: Attempt) -> list:
    instrument = all_instruments().get(attempt.instrument)
    position = {item.id: index for index, item in enumerate(instrument.items)} if instrument else {}
    return sorted(
        attempt.answers.all(), key=lambda answer: position.get(answer.item, len(position))
    )


def export_section(user) -> ExportSection:
    attempts = Attempt.objects.owned_by(user).prefetch_related("answers").order_by("started_at")
    data = [
        {
            "id": str(attempt.id),
            "instrument": attempt.instrument,
            "instrument_version": attempt.instrument_version,
            "started_at": attempt.started_at,
            "completed_at": attempt.completed_at,
            "score": attempt.score_dict() if attempt.is_complete else None,
            "answers": [
                {"item": answer.item, "value": answer.value, "answered_at": answer.answered_at}
                for answer in _in_item_order(attempt)
            ],
        }
        for attempt in attempts
    ]
    return ExportSection(name="assessments", data=data)
