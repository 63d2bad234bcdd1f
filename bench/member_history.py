"""A member's history for benchmarks: journal entries, guided sessions and questionnaires.

Used by http_bench.py and page_costs.py, so pages are measured for a person who has been using
innerchild for a long time, not only for the few weeks of the demo data.
"""

from __future__ import annotations

import random
from datetime import timedelta

SCRIPT_IDS = ("safe-place", "meeting-your-younger-self", "end-of-day-check-in")
PHQ9_WEEKS = [[2, 2, 1, 2, 1, 2, 1, 1, 0], [1, 1, 1, 1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 0, 1, 0, 0, 0]]


def give_history(user, count: int, *, seed: int = 11, attempts: int | None = None) -> None:
    """`count` journal entries and `count` finished guided sessions over the past years, and
    `attempts` (default: count // 10) completed PHQ-9 questionnaires, and a safety plan."""
    from django.utils import timezone
    from make_journal_data import generate

    from innerchild.assessments.actions import do_submit_answers
    from innerchild.assessments.instruments import get_instrument
    from innerchild.guide.models import RunStatus, SessionRun
    from innerchild.guide.scripts import get_script
    from innerchild.safety.actions import do_save_plan
    from innerchild.safety.models import PLAN_FIELDS

    generate(count, seed=seed + count, with_insights=False, user=user, quiet=True)
    rng = random.Random(seed)
    now = timezone.now()
    runs = []
    for i in range(count):
        script = get_script(SCRIPT_IDS[i % len(SCRIPT_IDS)])
        began = now - timedelta(days=count - i, hours=rng.randint(0, 8))
        runs.append(
            SessionRun(
                owner=user,
                script_id=script.id,
                script_title=script.title,
                language="en",
                intensity=script.intensity,
                step_count=len(script.steps),
                current_step=len(script.steps) - 1,
                reached_step=len(script.steps) - 1,
                status=RunStatus.COMPLETED if i % 9 else RunStatus.STOPPED,
                started_at=began,
                ended_at=began + timedelta(minutes=script.duration),
                distress_before=rng.randint(3, 8),
                distress_after=rng.randint(1, 6),
                feelings_before=["anxious", "lonely"],
            )
        )
    SessionRun.objects.bulk_create(runs, batch_size=500)
    phq9 = get_instrument("phq9")
    total = count // 10 if attempts is None else attempts
    for i in range(total):
        when = now - timedelta(days=7 * (total - i) + 1)
        do_submit_answers(user, phq9, PHQ9_WEEKS[i % len(PHQ9_WEEKS)], completed_at=when)
    do_save_plan(
        user, {name: f"What helps me ({name}): a walk, calling my sister." for name in PLAN_FIELDS}
    )
