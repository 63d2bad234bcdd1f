"""Demo data: a few weeks of check-ins for the demo member, so history charts show something."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from innerchild.assessments.actions import do_submit_answers
from innerchild.assessments.instruments import get_instrument
from innerchild.assessments.models import Attempt

# One answer list per week, oldest first: a gentle, uneven improvement.
DEMO_ANSWERS = {
    "signs": [
        [3, 2, 3, 3, 4, 2, 3, 3, 2, 3],
        [3, 2, 3, 2, 3, 2, 3, 3, 2, 3],
        [2, 2, 3, 2, 3, 2, 2, 3, 2, 2],
        [2, 1, 2, 2, 3, 2, 2, 2, 1, 2],
        [2, 1, 2, 1, 2, 1, 2, 2, 1, 2],
    ],
    "phq9": [
        [2, 2, 2, 2, 1, 2, 1, 1, 0],
        [2, 2, 1, 2, 1, 2, 1, 1, 0],
        [1, 2, 1, 2, 1, 1, 1, 0, 0],
        [1, 1, 1, 1, 1, 1, 1, 0, 0],
        [1, 1, 1, 1, 0, 1, 0, 0, 0],
    ],
    "gad7": [
        [2, 2, 2, 2, 1, 2, 1],
        [2, 2, 2, 1, 1, 1, 1],
        [2, 1, 2, 1, 1, 1, 1],
        [1, 1, 1, 1, 1, 1, 1],
        [1, 1, 1, 1, 0, 1, 0],
    ],
    "who5": [
        [1, 2, 1, 1, 2],
        [2, 2, 1, 1, 2],
        [2, 2, 2, 2, 2],
        [3, 2, 2, 2, 3],
        [3, 3, 2, 3, 3],
    ],
}


def build_demo_data(*, member, facilitator) -> list[str]:
    now = timezone.now()
    created = 0
    for instrument_id, weeks in DEMO_ANSWERS.items():
        if Attempt.objects.owned_by(member).of(instrument_id).completed().exists():
            continue
        instrument = get_instrument(instrument_id)
        for index, answers in enumerate(weeks):
            # The last one is 15 days old, so the dashboard shows a re-assessment reminder.
            weeks_back = len(weeks) - 1 - index
            when = now - timedelta(days=15 + 7 * weeks_back)
            do_submit_answers(member, instrument, answers, completed_at=when)
            created += 1
    if not created:
        return ["assessments: demo check-ins already there"]
    return [f"assessments: {created} demo check-ins over {len(DEMO_ANSWERS['signs'])} weeks"]
