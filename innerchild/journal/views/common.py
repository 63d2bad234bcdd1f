from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from innerchild.journal import search
from innerchild.journal.models import Draft, Entry
from innerchild.safety import api as safety_api


def screen_entry(user, entry: Entry):
    """Screen saved words; call only after the save has committed."""
    return safety_api.screen_saved_text(
        user,
        search.searchable_text(entry),
        source=f"journal-entry:{entry.id}",
        language=user.language or None,
    )


def screened_redirect(request: HttpRequest, text: str, *, source: str, url: str) -> HttpResponse:
    """Screen words that are already saved, then go to `url` or to the check-in it calls for."""
    outcome = safety_api.screen_saved_text(
        request.user, text, source=source, language=request.user.language or None
    )
    response = safety_api.response_for_screening(request, outcome, return_to=url)
    return response or redirect(url)


def saved_response(request: HttpRequest, entry: Entry) -> HttpResponse:
    outcome = screen_entry(request.user, entry)
    url = entry.get_absolute_url()
    response = safety_api.response_for_screening(request, outcome, return_to=url)
    return response or redirect(url)


MULTI_VALUE_FIELDS = {"signs"}


def draft_initial(user, slot: str) -> tuple[dict | None, Draft | None]:
    """The form values autosaved for this slot, as form initial data."""
    draft = Draft.objects.filter(owner=user, slot=slot).first()
    if draft is None:
        return None, None
    initial = {}
    for key, values in draft.data.items():
        initial[key] = values if key in MULTI_VALUE_FIELDS else (values[0] if values else "")
    return initial, draft


def page_number(value) -> int:
    """A page number from an address or a JSON body; anything odd is page 1."""
    try:
        return max(1, min(int(value or 1), 10_000))
    except (TypeError, ValueError):
        return 1
