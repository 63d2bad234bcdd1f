"""/api/v1/journal/: the caller's own entries (journal.api). Search words travel only in the body
of POST /search (never in an address, where logs and history would keep them)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Literal
from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from innerchild.api.schemas import ErrorOut, responses
from innerchild.core.dashboard import personal_value
from innerchild.journal import api as journal

router = Router(tags=["journal"])

EntryKind = Literal["entry", "letter_to", "letter_from", "dialogue", "trigger", "session"]
Scale = Field(None, ge=1, le=5, description="1 (very low) to 5 (very high)")


class EntryIn(Schema):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "kind": "entry",
                    "title": "Morning",
                    "body": "I felt calmer today.",
                    "tags": ["calm"],
                },
                {
                    "kind": "dialogue",
                    "details": {
                        "turns": [
                            {"voice": "now", "text": "How are you?"},
                            {"voice": "little", "text": "A bit scared."},
                        ]
                    },
                },
            ]
        }
    }

    kind: EntryKind = "entry"
    title: str | None = None
    body: str | None = Field(None, description="Markdown; required for most kinds")
    tags: list[str] | str | None = Field(None, description="A list, or one comma-separated text")
    signs: list[str] | str | None = Field(None, description="Ids of the ten signs")
    emotion: str | None = Field(None, description="An id from the feelings vocabulary")
    pleasantness: int | None = Scale
    energy: int | None = Scale
    intensity: int | None = Field(None, ge=0, le=10, description="Trigger logs: 0 to 10")
    need: str | None = Field(None, description="Trigger logs: the unmet need's id")
    details: dict[str, Any] | None = Field(
        None,
        description='Dialogues: {"turns": [{"voice": "now"|"little", "text"}]}; trigger logs: '
        '{"situation", "reaction", "body_sensations", "felt_age", "memory", ...}',
    )


class InsightsOut(Schema):
    valence: float | None
    families: list[Any]
    signs: list[Any]
    self_criticism_markers: int
    self_compassion_markers: int


class EntryOut(Schema):
    id: uuid.UUID
    kind: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    title: str
    body: str
    tags: list[str]
    signs: list[str]
    emotion: str
    pleasantness: int | None
    energy: int | None
    details: dict[str, Any]
    intensity: int | None
    need: str
    prompt_id: str
    source: str
    insights: InsightsOut
    url: str


class EntryEnvelope(Schema):
    entry: EntryOut


class SavedOut(Schema):
    entry: EntryOut
    check_in_url: str | None = Field(
        None, description="Set when the safety layer asks the person to check in; open it next."
    )


class EntryPage(Schema):
    entries: list[EntryOut]
    page: int
    has_more: bool
    ignored_words: list[str]


class Filters(Schema):
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    emotion: str | None = Field(None, max_length=64)
    sign: str | None = Field(None, max_length=64)
    kind: EntryKind | None = None
    page: int = Field(1, ge=1, le=10_000)


class SearchIn(Filters):
    model_config = {"json_schema_extra": {"examples": [{"q": "calm", "date_from": "2026-01-01"}]}}

    q: str | None = Field(None, description="Words to find")
    tag: str | None = None


def _dates(data: dict) -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


def _found(user, data: dict) -> dict:
    page = data.pop("page", 1)
    try:
        return journal.find_entries(user, _dates(data), page)
    except journal.InputErrors as exc:
        raise InvalidInput(exc.errors) from None


class InvalidInput(HttpError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(422, _("Some values are not valid; see errors."))
        self.errors = errors


@router.get("/entries/", response=responses({200: EntryPage}), summary="List my entries")
def list_entries(request, filters: Query[Filters]):
    """Newest first, 20 a page, filtered by picked values only. Words and tags are refused here:
    send them in the body of POST /api/v1/journal/search/."""
    if any(name in request.GET for name in journal.ENTRY_FREE_TEXT_FIELDS):
        message = _(
            "Search words and tags go in the body of a POST to %(url)s, never in the address."
        )
        raise HttpError(400, message % {"url": reverse("api-v1:search_entries")})
    data = filters.dict(exclude_none=True)
    # Kept (encrypted) until the person changes something, as the journal's own pages are.
    name = "api-journal-entries:" + urlencode(sorted((k, str(v)) for k, v in data.items()))
    return personal_value(
        request, name, lambda: EntryPage(**_found(request.user, data)).model_dump(mode="json")
    )


@router.post("/search/", response=responses({200: EntryPage}), summary="Search my entries")
def search_entries(request, payload: SearchIn):
    return _found(request.user, payload.dict(exclude_none=True))


def _saved(call):
    try:
        return call()
    except journal.InputErrors as exc:
        raise InvalidInput(exc.errors) from None


@router.post("/entries/", response=responses({201: SavedOut}), summary="Write an entry")
def create_entry(request, payload: EntryIn):
    return Status(
        201, _saved(lambda: journal.create_entry(request, payload.dict(exclude_none=True)))
    )


@router.get("/entries/{entry_id}/", response=responses({200: EntryEnvelope}), summary="One entry")
def read_entry(request, entry_id: uuid.UUID):
    return {"entry": journal.read_entry(request.user, entry_id)}


@router.put("/entries/{entry_id}/", response=responses({200: SavedOut}), summary="Replace")
def replace_entry(request, entry_id: uuid.UUID, payload: EntryIn):
    """Every field is replaced; the format (dialogue, trigger log) cannot change."""
    data = payload.dict(exclude_none=True)
    return _saved(lambda: journal.update_entry(request, entry_id, data, partial=False))


@router.patch("/entries/{entry_id}/", response=responses({200: SavedOut}), summary="Change")
def change_entry(request, entry_id: uuid.UUID, payload: EntryIn):
    """Only the fields sent change."""
    data = payload.dict(exclude_unset=True)
    return _saved(lambda: journal.update_entry(request, entry_id, data, partial=True))


@router.delete("/entries/{entry_id}/", response=responses({204: None}), summary="Delete an entry")
def delete_entry(request, entry_id: uuid.UUID):
    journal.delete_entry(request.user, entry_id)
    return HttpResponse(status=204)


__all__ = ["ErrorOut", "router"]
