"""/api/v1/assessments/: questionnaires the caller may take, their answers and history
(assessments.api)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ninja import Path, Router, Schema, Status
from pydantic import Field

from innerchild.api.routers.journal import InvalidInput
from innerchild.api.schemas import responses
from innerchild.assessments import api as assessments

router = Router(tags=["assessments"])

InstrumentId = Path(
    ..., pattern=r"^[a-z0-9_-]{1,40}$", description="e.g. phq9, gad7, signs", examples=["gad7"]
)


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    id: str
    number: int
    text: str
    options: list[OptionOut]
    asked_if: Any = None


class ChangeOut(Schema):
    metric: str
    points: int | float


class InstrumentOut(Schema):
    id: str
    title: str
    short_title: str
    version: str
    kind: str
    instructions: str
    stem: str | None
    recall_period: str | None
    citation: str
    licence: str
    minimum_age: int | None
    opt_in: bool
    reassess_days: int | None
    meaningful_change: ChangeOut | None
    items: list[ItemOut]


class InstrumentList(Schema):
    instruments: list[InstrumentOut]


class SafetyOut(Schema):
    actions: list[str]
    next_url: str | None


class AttemptOut(Schema):
    id: uuid.UUID
    instrument: str
    instrument_version: str
    completed_at: datetime.datetime
    score: dict[str, Any]
    result_url: str


class SubmittedOut(AttemptOut):
    safety: SafetyOut | None = Field(
        None,
        description="Set when the result calls for the crisis page or a follow-up; open next_url.",
    )


class AttemptList(Schema):
    instrument: str
    attempts: list[AttemptOut]


class History(Schema):
    attempts: list[AttemptOut]


class AnswersIn(Schema):
    model_config = {"json_schema_extra": {"examples": [{"answers": [1, 0, 2, 1, 0, 1, 0]}]}}

    answers: list[int | None] = Field(
        ..., max_length=200, description="Raw option values in item order; null for a skipped item"
    )


@router.get("/instruments/", response=responses({200: InstrumentList}), summary="Questionnaires")
def instruments(request):
    return {"instruments": assessments.instrument_records(request.user)}


@router.get(
    "/instruments/{instrument_id}/attempts/",
    response=responses({200: AttemptList}),
    summary="My completed attempts of one questionnaire",
)
def attempts(request, instrument_id: str = InstrumentId):
    return assessments.attempts_of(request.user, instrument_id)


@router.post(
    "/instruments/{instrument_id}/attempts/",
    response=responses({201: SubmittedOut}),
    summary="Answer a questionnaire",
)
def submit(request, payload: AnswersIn, instrument_id: str = InstrumentId):
    try:
        return Status(201, assessments.submit_answers(request.user, instrument_id, payload.answers))
    except assessments.AnswerError as exc:
        raise InvalidInput({"answers": [str(exc)]}) from None


@router.get("/history/", response=responses({200: History}), summary="Every completed attempt")
def history(request):
    return {"attempts": assessments.history(request.user)}
