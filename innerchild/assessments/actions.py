"""Every write: do_* functions, each in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from innerchild.assessments import signals
from innerchild.assessments.instruments import Instrument, Item
from innerchild.assessments.models import Answer, Attempt
from innerchild.assessments.scoring import AnswerError, Score, answers_in_order, score


class IncompleteAttempt(Exception):
    """Raised when scoring is asked for before every asked item has an answer."""


def raw_answers(attempt: Attempt) -> dict[str, int]:
    return {answer.item: answer.value for answer in attempt.answers.all()}


@transaction.atomic
def do_start_attempt(user, instrument: Instrument) -> Attempt:
    """Resume the person's unfinished attempt at this instrument, or start a new one."""
    # Lock the person's row so that two quick clicks on "start" cannot both create an attempt
    # (SQLite's IMMEDIATE transactions serialise this already; PostgreSQL needs the lock).
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = (
        Attempt.objects.owned_by(user)
        .of(instrument.id)
        .in_progress()
        .order_by("-updated_at")
        .first()
    )
    if existing is not None:
        return existing
    return Attempt.objects.create(
        owner=user, instrument=instrument.id, instrument_version=instrument.version
    )


@transaction.atomic
def do_save_answer(attempt: Attempt, item: Item, value: int) -> None:
    if value not in item.allowed_values:
        raise AnswerError(f"{attempt.instrument}: item {item.number}: {value} is not allowed")
    now = timezone.now()
    Answer.objects.update_or_create(
        attempt=attempt, item=item.id, defaults={"value": value, "answered_at": now}
    )
    attempt.updated_at = now
    attempt.save(update_fields=["updated_at"])


def _store_score(attempt: Attempt, result: Score, when=None) -> None:
    attempt.total = result.total
    attempt.percent = result.percent
    attempt.band = result.band or ""
    attempt.flags = list(result.flags)
    attempt.subscales = dict(result.subscales)
    attempt.completed_at = attempt.updated_at = when or timezone.now()
    attempt.save(
        update_fields=[
            "total",
            "percent",
            "band",
            "flags",
            "subscales",
            "completed_at",
            "updated_at",
        ]
    )
    transaction.on_commit(
        lambda: signals.attempt_completed.send(
            sender=Attempt,
            user=attempt.owner,
            attempt_id=attempt.id,
            instrument=attempt.instrument,
        )
    )


@transaction.atomic
def do_complete_attempt(attempt: Attempt) -> Score:
    """Score the attempt; IncompleteAttempt while any asked item is unanswered."""
    instrument = attempt.definition
    answers = answers_in_order(instrument, raw_answers(attempt))
    if answers is None:
        raise IncompleteAttempt(attempt.id)
    result = score(instrument, answers)
    # Answers to items that are no longer asked (changed earlier answers) are not kept.
    asked = set(result_items(instrument, answers))
    attempt.answers.exclude(item__in=asked).delete()
    _store_score(attempt, result)
    return result


def result_items(instrument: Instrument, answers: Sequence[int]) -> list[str]:
    from innerchild.assessments.scoring import asked_items, validate_answers

    raw = validate_answers(instrument, answers)
    return [item.id for item in asked_items(instrument, raw)]


@transaction.atomic
def do_submit_answers(
    user, instrument: Instrument, answers: Sequence, *, completed_at=None
) -> tuple[Attempt, Score]:
    """A whole set of answers at once (API, demo data); AnswerError if they do not fit."""
    result = score(instrument, answers)
    now = completed_at or timezone.now()
    attempt = Attempt.objects.create(
        owner=user,
        instrument=instrument.id,
        instrument_version=instrument.version,
        started_at=now,
        updated_at=now,
    )
    ids = result_items(instrument, answers)
    Answer.objects.bulk_create(
        Answer(attempt=attempt, item=item_id, value=int(value), answered_at=now)
        for item_id, value in zip(ids, answers, strict=True)
    )
    _store_score(attempt, result, now)
    return attempt, result


@transaction.atomic
def do_discard_attempt(attempt: Attempt) -> None:
    """Throw away an unfinished attempt (completed ones stay in the history)."""
    if not attempt.is_complete:
        attempt.delete()
