from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innerchild.assessments.actions import do_submit_answers
from innerchild.assessments.instruments import get_instrument


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
