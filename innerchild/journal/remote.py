"""The journal's JSON operations, for the typed API (innerchild.api) through journal/api.py.

JSON entries are mapped onto the same forms the pages use, so validation is identical; form
errors come back as `InputErrors` ({field: [messages]}), anything not the caller's as Http404.
Search words travel only in bodies, never in an address (the caller decides where they come from).
"""

from __future__ import annotations

import json

from django.http import QueryDict
from django.utils.translation import gettext as _

from innerchild.journal import actions, search
from innerchild.journal.access import get_entry_for
from innerchild.journal.exporting import entry_record
from innerchild.journal.forms import DialogueForm, EntryForm, SearchForm, TriggerForm
from innerchild.journal.models import Entry, Kind
from innerchild.journal.views.common import page_number, screen_entry
from innerchild.safety import api as safety_api

FREE_TEXT_FIELDS = SearchForm.FREE_TEXT_FIELDS
FILTER_FIELDS = SearchForm.FILTER_FIELDS


class InputErrors(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(json.dumps(errors))
        self.errors = errors


class SessionEntryForm(EntryForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, allow_session=True, **kwargs)


def _as_list(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part for part in value.split(",") if part.strip()]
    return list(value) if isinstance(value, list) else [value]


def _form_data(payload: dict) -> tuple[type, dict]:
    """Map a JSON entry onto the same forms the pages use, so validation is identical."""
    kind = payload.get("kind") or Kind.ENTRY
    common = {
        "pleasantness": payload.get("pleasantness") or "",
        "energy": payload.get("energy") or "",
        "emotion": payload.get("emotion") or "",
        "tags": ", ".join(str(t) for t in _as_list(payload.get("tags"))),
        "title": payload.get("title") or "",
    }
    signs = [str(s) for s in _as_list(payload.get("signs"))]
    details = payload.get("details") or {}
    if not isinstance(details, dict):
        details = {}
    if kind == Kind.DIALOGUE:
        data = dict(common, non_dominant_hand="on" if details.get("non_dominant_hand") else "")
        position = 0
        for turn in _as_list(details.get("turns")):
            if not isinstance(turn, dict):
                continue
            wanted = 0 if turn.get("voice") == "now" else 1
            if position % 2 != wanted:
                position += 1
            data[f"turn_{position}"] = str(turn.get("text", ""))
            position += 1
        return DialogueForm, {**data, "signs": signs}
    if kind == Kind.TRIGGER:
        # The trigger's own text fields may come in details; the scale and the need are top-level
        # (a copy inside details must not collide with them).
        data = {
            **{k: str(details[k]) for k in TriggerForm.base_fields if k in details},
            **common,
            "intensity": payload.get("intensity", ""),
            "need": payload.get("need") or "",
        }
        return TriggerForm, {**data, "signs": signs}
    if kind == Kind.SESSION:
        return SessionEntryForm, {
            **common,
            "kind": kind,
            "body": payload.get("body") or "",
            "signs": signs,
        }
    return EntryForm, {**common, "kind": kind, "body": payload.get("body") or "", "signs": signs}


def _query(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, [str(v) for v in value])
        else:
            query[key] = "" if value is None else str(value)
    return query


def _form_errors(form) -> dict[str, list[str]]:
    return {
        field: [error["message"] for error in errors]
        for field, errors in form.errors.get_json_data().items()
    }


def _valid_entry_form(payload: dict):
    form_class, data = _form_data(payload)
    form = form_class(_query(data))
    if not form.is_valid():
        raise InputErrors(_form_errors(form))
    return form


def _saved(request, entry: Entry) -> dict:
    outcome = screen_entry(request.user, entry)
    body = {"entry": entry_record(entry), "check_in_url": None}
    response = safety_api.response_for_screening(
        request, outcome, return_to=entry.get_absolute_url()
    )
    if response is not None:
        body["check_in_url"] = response.get("Location", "")
    return body


def find_entries(user, data: dict, page) -> dict:
    """A page of the owner's entries matching `data` (words, tag and filters), newest first."""
    form = SearchForm(_query({k: v for k, v in data.items() if v is not None}))
    if not form.is_valid():
        raise InputErrors(_form_errors(form))
    query = form.to_query()
    page = page_number(page)
    start = (page - 1) * search.PAGE_SIZE
    rows = list(search.search_entries(user, query)[start : start + search.PAGE_SIZE + 1])
    return {
        "entries": [entry_record(e) for e in rows[: search.PAGE_SIZE]],
        "page": page,
        "has_more": len(rows) > search.PAGE_SIZE,
        "ignored_words": query.ignored_words,
    }


def read_entry(user, entry_id) -> dict:
    return entry_record(get_entry_for(user, entry_id))


def create_entry(request, payload: dict) -> dict:
    form = _valid_entry_form(payload)
    entry = actions.do_create_entry(request.user, form.to_data())
    return _saved(request, entry)


def update_entry(request, entry_id, payload: dict, *, partial: bool) -> dict:
    found = get_entry_for(request.user, entry_id)
    if partial:
        merged = entry_record(found)
        merged.update(payload)
        merged["kind"] = payload.get("kind") or found.kind
        payload = merged
    form = _valid_entry_form(payload)
    data = form.to_data()
    if (
        data.kind in (Kind.DIALOGUE, Kind.TRIGGER) or found.kind in (Kind.DIALOGUE, Kind.TRIGGER)
    ) and data.kind != found.kind:
        raise InputErrors({"kind": [_("The format of an entry cannot change.")]})
    return _saved(request, actions.do_update_entry(found, data))


def delete_entry(user, entry_id) -> None:
    actions.do_delete_entry(get_entry_for(user, entry_id))
