"""JSON endpoints under /assessments/api/ (documented in docs/assessments.md).

They use the normal session: log in first, and send the CSRF token (X-CSRFToken) on POST.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from innerchild.assessments.access import get_instrument_for, instruments_for
from innerchild.assessments.actions import do_submit_answers
from innerchild.assessments.instruments import Instrument
from innerchild.assessments.models import Attempt
from innerchild.assessments.scoring import AnswerError, safety_actions
from innerchild.core import jsonbody
from innerchild.safety import api as safety


def api_login_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"error": "Log in first."}, status=401)
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"error": "Not found."}, status=404)

    return wrapper


def instrument_data(instrument: Instrument) -> dict:
    return {
        "id": instrument.id,
        "title": instrument.title,
        "short_title": instrument.short_title,
        "version": instrument.version,
        "kind": instrument.kind,
        "instructions": instrument.instructions,
        "stem": instrument.stem,
        "recall_period": instrument.recall_period,
        "citation": instrument.citation,
        "licence": instrument.licence,
        "minimum_age": instrument.minimum_age,
        "opt_in": instrument.opt_in,
        "reassess_days": instrument.reassess_days,
        "meaningful_change": (
            {
                "metric": instrument.meaningful_change.metric,
                "points": instrument.meaningful_change.points,
            }
            if instrument.meaningful_change
            else None
        ),
        "items": [
            {
                "id": item.id,
                "number": item.number,
                "text": item.text,
                "options": [{"value": o.value, "label": o.label} for o in item.options],
                "asked_if": item.asked_if,
            }
            for item in instrument.items
        ],
    }


def attempt_data(attempt: Attempt) -> dict:
    return {
        "id": str(attempt.id),
        "instrument": attempt.instrument,
        "instrument_version": attempt.instrument_version,
        "completed_at": attempt.completed_at.isoformat(),
        "score": attempt.score_dict(),
        "result_url": reverse("assessments:result", args=[attempt.id]),
    }


def _completed(user, instrument_ids):
    return (
        Attempt.objects.owned_by(user)
        .completed()
        .filter(instrument__in=instrument_ids)
        .order_by("completed_at")
    )


@require_GET
@api_login_required
def instruments(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"instruments": [instrument_data(i) for i in instruments_for(request.user)]}
    )


@require_http_methods(["GET", "POST"])
@api_login_required
def instrument_attempts(request: HttpRequest, instrument_id: str) -> JsonResponse:
    instrument = get_instrument_for(request.user, instrument_id)
    if request.method == "GET":
        attempts = _completed(request.user, [instrument.id])
        return JsonResponse(
            {"instrument": instrument.id, "attempts": [attempt_data(a) for a in attempts]}
        )
    try:
        body = jsonbody.parse(request.body)
    except jsonbody.BadJson as exc:
        return JsonResponse({"error": str(exc)}, status=422)
    answers = body.get("answers") if isinstance(body, dict) else None
    if not isinstance(answers, list):
        return JsonResponse(
            {"error": 'Send {"answers": [...]}: raw option values in item order.'}, status=422
        )
    try:
        attempt, result = do_submit_answers(request.user, instrument, answers)
    except AnswerError as exc:
        return JsonResponse({"error": str(exc), "answers": answers}, status=422)
    actions = safety_actions(instrument, result.band, result.flags)
    next_url = None
    if "crisis_then_asq" in actions:
        next_url = safety.crisis_url(next_url=reverse("assessments:intro", args=["asq"]))
    elif "crisis" in actions:
        next_url = safety.crisis_url(next_url=reverse("assessments:result", args=[attempt.id]))
    data = attempt_data(attempt)
    data["safety"] = {"actions": actions, "next_url": next_url} if actions else None
    return JsonResponse(data, status=201)


@require_GET
@api_login_required
def history(request: HttpRequest) -> JsonResponse:
    visible = [instrument.id for instrument in instruments_for(request.user)]
    return JsonResponse({"attempts": [attempt_data(a) for a in _completed(request.user, visible)]})
