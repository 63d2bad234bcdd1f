"""Permission-checked lookups: 404 for anyone who may not see the thing (never 403)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from innerchild.assessments.instruments import Instrument, all_instruments, instrument_list
from innerchild.assessments.models import Attempt


def instruments_for(user) -> list[Instrument]:
    """The instruments this person may take (adult-only ones are hidden in adolescent mode)."""
    return [instrument for instrument in instrument_list() if instrument.available_to(user)]


def get_instrument_for(user, instrument_id: str) -> Instrument:
    instrument = all_instruments().get(instrument_id)
    if instrument is None or not instrument.available_to(user):
        raise Http404("No such instrument.")
    return instrument


def get_attempt_for(user, attempt_id: UUID) -> Attempt:
    attempt = get_object_or_404(Attempt.objects.owned_by(user), id=attempt_id)
    get_instrument_for(user, attempt.instrument)
    return attempt
