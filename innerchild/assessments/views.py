from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.assessments.access import get_attempt_for, get_instrument_for, instruments_for
from innerchild.assessments.actions import (
    do_complete_attempt,
    do_discard_attempt,
    do_save_answer,
    do_start_attempt,
    raw_answers,
)
from innerchild.assessments.dashboard import due_reminders
from innerchild.assessments.forms import AnswerForm, StartForm
from innerchild.assessments.models import Attempt
from innerchild.assessments.presenting import (
    history_page,
    metric_label,
    result_details,
)
from innerchild.assessments.scoring import asked_items, is_asked, next_unanswered, safety_actions
from innerchild.core.dashboard import personal_value
from innerchild.safety import api as safety


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    attempts = Attempt.objects.owned_by(user).only(
        "id", "instrument", "completed_at", "started_at", "updated_at"
    )
    latest, unfinished, counts = {}, {}, {}
    for attempt in attempts.order_by("completed_at"):
        if attempt.is_complete:
            latest[attempt.instrument] = attempt
            counts[attempt.instrument] = counts.get(attempt.instrument, 0) + 1
        else:
            unfinished.setdefault(attempt.instrument, attempt)
    due = {entry["instrument"].id for entry in due_reminders(user)}
    rows = [
        {
            "instrument": instrument,
            "latest": latest.get(instrument.id),
            "count": counts.get(instrument.id, 0),
            "unfinished": unfinished.get(instrument.id),
            "due": instrument.id in due,
        }
        for instrument in instruments_for(user)
    ]
    return render(request, "assessments/index.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def intro(request: HttpRequest, instrument_id: str) -> HttpResponse:
    instrument = get_instrument_for(request.user, instrument_id)
    unfinished = (
        Attempt.objects.owned_by(request.user).of(instrument.id).in_progress().only("id").first()
    )
    form = StartForm(request.POST if request.method == "POST" else None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        attempt = do_start_attempt(request.user, instrument)
        return redirect("assessments:resume", attempt.id)
    context = {"instrument": instrument, "form": form, "unfinished": unfinished}
    status = 422 if request.method == "POST" else 200
    return render(request, "assessments/intro.html", context, status=status)


@require_GET
@login_required
def resume(request: HttpRequest, attempt_id: UUID) -> HttpResponse:
    attempt = get_attempt_for(request.user, attempt_id)
    if attempt.is_complete:
        return redirect("assessments:result", attempt.id)
    instrument = attempt.definition
    raw = raw_answers(attempt)
    # Everything answered but not scored yet: back to the last question to press "See my result".
    item = next_unanswered(instrument, raw) or asked_items(instrument, raw)[-1]
    return redirect("assessments:question", attempt.id, item.number)


def _finish(attempt: Attempt) -> HttpResponse:
    """Score the attempt, then start the safety flow if its result asks for one."""
    result = do_complete_attempt(attempt)
    actions = safety_actions(attempt.definition, result.band, result.flags)
    result_url = reverse("assessments:result", args=[attempt.id])
    if "crisis_then_asq" in actions:
        return redirect(safety.crisis_url(next_url=reverse("assessments:intro", args=["asq"])))
    if "crisis" in actions:
        return redirect(safety.crisis_url(next_url=result_url))
    return redirect(result_url)


def question_count(instrument, item, asked: list) -> dict:
    """The count a person reads stays the same from the first question to the last: questions
    asked only after certain answers (the ASQ's fifth) are not counted in it, but announced."""
    if item.asked_if:
        return {"count": len(asked), "extra": True, "more": 0, "may_follow": False}
    always = [i for i in instrument.items if not i.asked_if]
    more = sum(1 for i in asked if i.asked_if and i.number > item.number)
    may_follow = any(
        i.asked_if and i not in asked and i.number > item.number for i in instrument.items
    )
    return {"count": len(always), "extra": False, "more": more, "may_follow": may_follow}


@require_http_methods(["GET", "POST"])
@login_required
def question(request: HttpRequest, attempt_id: UUID, number: int) -> HttpResponse:
    attempt = get_attempt_for(request.user, attempt_id)
    if attempt.is_complete:
        return redirect("assessments:result", attempt.id)
    instrument = attempt.definition
    if not 1 <= number <= len(instrument.items):
        raise Http404("No such question.")
    item = instrument.items[number - 1]
    raw = raw_answers(attempt)
    if not is_asked(instrument, item, raw):
        return redirect("assessments:resume", attempt.id)
    stopping = request.method == "POST" and "stop" in request.POST
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        instrument=instrument,
        item=item,
        initial={"value": raw.get(item.id)},
    )
    if request.method == "POST" and form.is_valid():
        do_save_answer(attempt, item, form.cleaned_data["value"])
        raw[item.id] = form.cleaned_data["value"]
        if stopping:
            return _stopped(request)
        asked = asked_items(instrument, raw)
        later = [i for i in asked if i.number > item.number]
        if later:
            return redirect("assessments:question", attempt.id, later[0].number)
        if next_unanswered(instrument, raw) is None:
            return _finish(attempt)
        return redirect("assessments:resume", attempt.id)
    if stopping:
        return _stopped(request)
    asked = asked_items(instrument, raw)
    position = asked.index(item) + 1
    context = {
        "attempt": attempt,
        "instrument": instrument,
        "item": item,
        "form": form,
        "position": position,
        **question_count(instrument, item, asked),
        "previous": asked[position - 2] if position > 1 else None,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "assessments/question.html", context, status=status)


def _stopped(request: HttpRequest) -> HttpResponse:
    messages.success(
        request, _("Your answers are saved. You can pick up where you left off at any time.")
    )
    return redirect("assessments:index")


@require_POST
@login_required
def discard(request: HttpRequest, attempt_id: UUID) -> HttpResponse:
    attempt = get_attempt_for(request.user, attempt_id)
    if attempt.is_complete:
        raise Http404("Completed check-ins stay in your history.")
    instrument_id = attempt.instrument
    do_discard_attempt(attempt)
    messages.success(request, _("Your unfinished answers were deleted."))
    return redirect("assessments:intro", instrument_id)


@require_GET
@login_required
def result(request: HttpRequest, attempt_id: UUID) -> HttpResponse:
    attempt = get_attempt_for(request.user, attempt_id)
    if not attempt.is_complete:
        return redirect("assessments:resume", attempt.id)
    instrument = attempt.definition
    details = result_details(instrument, attempt, raw_answers(attempt))
    actions = safety_actions(instrument, attempt.band or None, attempt.flags)
    here = request.get_full_path()
    context = {
        "attempt": attempt,
        "instrument": instrument,
        **details,
        "total_label": metric_label(instrument, "total"),
        "crisis_link": safety.crisis_url(next_url=here) if actions else None,
        "asq_link": (
            reverse("assessments:intro", args=["asq"]) if "crisis_then_asq" in actions else None
        ),
        "grounding_link": (
            safety.pause_url(return_to=here) if instrument.after == "grounding" else None
        ),
    }
    return render(request, "assessments/result.html", context)


@require_GET
@login_required
def history(request: HttpRequest, instrument_id: str) -> HttpResponse:
    instrument = get_instrument_for(request.user, instrument_id)
    requested = request.GET.get("page")
    context: dict = {"instrument": instrument}

    def body() -> dict:
        context.update(history_page(request.user, instrument, requested))
        return {
            "html": render_to_string("assessments/_history_body.html", context),
            "has_rows": bool(context["rows"]),
            "invalid": context["page_problem"] == "invalid",
        }

    # Kept rendered (encrypted) until the person changes something.
    kept = personal_value(
        request, f"assessment-history:{instrument.id}:{(requested or '')[:12]}", body
    )
    return render(
        request,
        "assessments/history.html",
        {**context, "body_html": mark_safe(kept["html"]), "has_rows": kept["has_rows"]},
        status=400 if kept["invalid"] else 200,
    )
