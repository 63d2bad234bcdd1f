"""/api/v1/care/: for a verified facilitator, their clients and what each shares with them now
(care.api, through care's access layer: 404 for anyone else, every read of shared material
written to the audit log). A client's material asks a browser session "is it still you?" after
CARE_REAUTH_MINUTES without opening any, as the client pages do; the list of clients does not."""

from __future__ import annotations

import datetime
import uuid

from ninja import Router, Schema

from innerchild.api.auth import ask_again_after_inactivity
from innerchild.api.schemas import responses
from innerchild.care import api as care

router = Router(tags=["care"])


class SharedEntryRef(Schema):
    entry_id: uuid.UUID
    expires_at: datetime.datetime | None


class ClientOut(Schema):
    link_id: uuid.UUID
    name: str
    since: datetime.datetime
    shared: list[str]
    shared_entries: list[SharedEntryRef]


class ClientList(Schema):
    clients: list[ClientOut]


class TakenOut(Schema):
    id: str
    title: str
    count: int
    latest_at: datetime.datetime | None


class SharedAssessments(Schema):
    instruments: list[TakenOut]


class SharedEntryOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    title: str
    created_at: datetime.datetime
    body_html: str


@router.get("/clients/", response=responses({200: ClientList}), summary="My clients")
def clients(request):
    """Active links only, with what each client shares right now. 404 unless the caller is a
    facilitator verified by staff."""
    return {"clients": care.clients_of(request.user)}


@router.get(
    "/clients/{link_id}/assessments/",
    response=responses({200: SharedAssessments}),
    summary="A client's shared questionnaire results",
)
def client_assessments(request, link_id: uuid.UUID):
    ask_again_after_inactivity(request, link_id=link_id)
    return {"instruments": care.shared_assessments(request.user, link_id)}


@router.get(
    "/clients/{link_id}/entries/{entry_id}/",
    response=responses({200: SharedEntryOut}),
    summary="One journal entry a client shares",
)
def client_entry(request, link_id: uuid.UUID, entry_id: uuid.UUID):
    ask_again_after_inactivity(request, link_id=link_id)
    return care.shared_entry(request.user, link_id, entry_id)
