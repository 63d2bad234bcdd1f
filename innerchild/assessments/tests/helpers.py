from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innerchild.assessments.actions import do_submit_answers
from innerchild.assessments.instruments import get_instrument
from innerchild.assessments.models import Attempt


def complete(user, instrument_id: str, answers: list[int], *, days_ago: float = 0):
    """A completed attempt, as if taken `days_ago` days ago."""
    when = timezone.now() - timedelta(days=days_ago)
    attempt, _result = do_submit_answers(
        user, get_instrument(instrument_id), answers, completed_at=when
    )
    return attempt


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries)


def bulk_results(owner, count: int, *, first_total: int = 20) -> None:
    """`count` PHQ-9 results, one a day up to today, in one insert: the first scores
    `first_total`, the rest 10 and 4 in turn, so the latest is 4 or 10 and the one before the other."""
    start = timezone.now() - timedelta(days=count)
    totals = [first_total] + [10 if i % 2 else 4 for i in range(1, count)]
    Attempt.objects.bulk_create(
        Attempt(
            owner=owner,
            instrument="phq9",
            instrument_version="1",
            started_at=start + timedelta(days=i),
            completed_at=start + timedelta(days=i, minutes=5),
            total=total,
            band="moderately_severe" if total >= 15 else "moderate" if total >= 10 else "minimal",
        )
        for i, total in enumerate(totals)
    )
