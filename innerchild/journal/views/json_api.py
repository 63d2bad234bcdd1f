"""JSON endpoints under /journal/api/: the owner's entries, CRUD and search.

Session-authenticated (with the CSRF header for every method but GET); 401 without a login, 404
for anything that is not the caller's own. Search words travel only in POST bodies, never in
an address.
"""

from __future__ import annotations

import json
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from innerchild.core import jsonbody
from innerchild.journal import actions, search
from innerchild.journal.access import get_entry_for
from innerchild.journal.exporting import entry_record
from innerchild.journal.forms import DialogueForm, EntryForm, SearchForm, TriggerForm
from innerchild.journal.models import MAX_BODY_CHARS, Entry, Kind
from innerchild.journal.views.common import page_number, screen_entry
from innerchild.safety import api as safety_api

MAX_JSON_BYTES = 2 * MAX_BODY_CHARS * 4


class SessionEntryForm(EntryForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, allow_session=True, **kwargs)


def api_login_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"error": _("Please log in.")}, status=401)
        return view(request, *args, **kwargs)

    return wrapper


def _as_list(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part for part in value.split(",") if part.strip()]
    return list(value) if isinstance(value, list) else [value]


def _form_data(payload: dict) -> tuple[type, dict]:
    """Map a JSON entry onto the same forms the pages use, so validation is identical."""
    kind = payload.get("kind", Kind.ENTRY)
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


def _payload(request: HttpRequest) -> tuple[dict | None, JsonResponse | None]:
    """The JSON object in the body, or the error response that says what is wrong with it."""
    if len(request.body) > MAX_JSON_BYTES:
        limit = f"{MAX_JSON_BYTES // 1000:,} KB"
        return None, JsonResponse(
            {"error": _("The request is too large: the limit is %(limit)s.") % {"limit": limit}},
            status=413,
        )
    try:
        payload = jsonbody.parse(request.body, empty={})
    except jsonbody.BadJson as exc:
        return None, JsonResponse({"error": str(exc)}, status=400)
    if not isinstance(payload, dict):
        return None, JsonResponse({"error": _("Send a JSON object.")}, status=400)
    return payload, None


def _bound_form(request: HttpRequest):
    payload, error = _payload(request)
    if error:
        return None, error
    form_class, data = _form_data(payload)
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = "" if value is None else str(value)
    return form_class(query), None


def _saved(request, entry: Entry, status: int) -> JsonResponse:
    outcome = screen_entry(request.user, entry)
    body = {"entry": entry_record(entry)}
    response = safety_api.response_for_screening(
        request, outcome, return_to=entry.get_absolute_url()
    )
    if response is not None:
        body["check_in_url"] = response.get("Location", "")
    return JsonResponse(body, status=status)


@require_http_methods(["GET", "POST"])
@api_login_required
def entries(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form, error = _bound_form(request)
        if error:
            return error
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=422)
        entry = actions.do_create_entry(request.user, form.to_data())
        return _saved(request, entry, 201)
    if any(name in request.GET for name in SearchForm.FREE_TEXT_FIELDS):
        message = _(
            "Search words and tags go in the body of a POST to %(url)s, never in the address."
        )
        return JsonResponse({"error": message % {"url": reverse("journal:api_search")}}, status=400)
    filters = {name: request.GET[name] for name in SearchForm.FILTER_FIELDS if name in request.GET}
    return _search_response(request, SearchForm(filters), request.GET.get("page"))


@sensitive_post_parameters()
@require_POST
@api_login_required
def search_entries(request: HttpRequest) -> HttpResponse:
    payload, error = _payload(request)
    if error:
        return error
    fields = SearchForm.FREE_TEXT_FIELDS + SearchForm.FILTER_FIELDS
    data = {name: str(payload[name]) for name in fields if payload.get(name) is not None}
    return _search_response(request, SearchForm(data), payload.get("page"))


def _search_response(request: HttpRequest, form: SearchForm, page) -> JsonResponse:
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=422)
    query = form.to_query()
    page = page_number(page)
    start = (page - 1) * search.PAGE_SIZE
    rows = list(search.search_entries(request.user, query)[start : start + search.PAGE_SIZE + 1])
    return JsonResponse(
        {
            "entries": [entry_record(e) for e in rows[: search.PAGE_SIZE]],
            "page": page,
            "has_more": len(rows) > search.PAGE_SIZE,
            "ignored_words": query.ignored_words,
        }
    )


@require_http_methods(["GET", "PUT", "PATCH", "DELETE"])
@api_login_required
def entry(request: HttpRequest, entry_id) -> HttpResponse:
    try:
        found = get_entry_for(request.user, entry_id)
    except Http404:
        return JsonResponse({"error": _("Not found.")}, status=404)
    if request.method == "GET":
        return JsonResponse({"entry": entry_record(found)})
    if request.method == "DELETE":
        actions.do_delete_entry(found)
        return HttpResponse(status=204)
    if request.method == "PATCH":
        patch, error = _payload(request)
        if error:
            return error
        merged = entry_record(found)
        merged.update(patch)
        merged["kind"] = patch.get("kind", found.kind)
        request._body = json.dumps(merged).encode()
    form, error = _bound_form(request)
    if error:
        return error
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=422)
    data = form.to_data()
    if (
        data.kind in (Kind.DIALOGUE, Kind.TRIGGER) or found.kind in (Kind.DIALOGUE, Kind.TRIGGER)
    ) and data.kind != found.kind:
        return JsonResponse(
            {"errors": {"kind": [{"message": _("The format of an entry cannot change.")}]}},
            status=422,
        )
    updated = actions.do_update_entry(found, data)
    return _saved(request, updated, 200)
