from __future__ import annotations

import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.core.dashboard import personal_value
from innerchild.core.signs import get_sign
from innerchild.guide import actions, gating, history_html, progress
from innerchild.guide.access import get_run_for, get_script_for, get_step_for, script_of
from innerchild.guide.forms import PreferencesForm, form_for
from innerchild.guide.models import Hold, SessionRun, StepAnswer
from innerchild.guide.scripts import Script, scripts_for
from innerchild.journal import api as journal_api
from innerchild.safety import api as safety_api

HISTORY_PAGE_SIZE = 50


def step_heading(step) -> str:
    if step.title:
        return step.title
    match step.type, step.get("phase"):
        case "checkin", "before":
            return _("Before we begin: how are you?")
        case "checkin", "after":
            return _("How are you now?")
        case "checkin", _phase:
            return _("A moment to check in")
        case "intention", _phase:
            return _("Your intention")
        case "reflection", _phase:
            return _("Looking back")
        case "closing", _phase:
            return _("Closing")
        case "trigger", _phase:
            return _("The moment you want to work with")
    return step.get("question") or _("Next step")


def lock_for(user, script: Script) -> dict | None:
    """Why this person cannot start `script` now, in plain words, or None."""
    if user.age_this_year < script.minimum_age:
        return {
            "reason": _("This session is for people aged %(age)d and over.")
            % {"age": script.minimum_age},
            "readiness_url": None,
        }
    if not script.is_deep:
        return None
    gate = safety_api.deep_exercise_gate(user)
    if gate.allowed:
        return None
    script_url = reverse("guide:script", args=[script.id])
    return {
        "reason": gate.reason
        or _("Deeper sessions stay closed for now, to keep this space safe for you."),
        "readiness_url": (
            safety_api.readiness_url(next_url=script_url) if gate.readiness_needed else None
        ),
    }


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    runs = progress.runs_for_history(request.user)
    scripts = scripts_for(request.user.language or "en")
    return render(
        request,
        "guide/index.html",
        {
            "scripts": [
                {"script": s, "lock": lock_for(request.user, s), "signs": _sign_titles(s)}
                for s in scripts
            ],
            "in_progress": progress.unfinished(runs),
            "suggestion": progress.suggest_next(request.user, runs),
            "summary": progress.summarise(request.user, runs),
        },
    )


def _sign_titles(script: Script) -> list[str]:
    return [get_sign(sign_id).short for sign_id in script.signs]


@require_GET
@login_required
def script_detail(request: HttpRequest, script_id: str) -> HttpResponse:
    script = get_script_for(request.user, script_id)
    return render(request, "guide/script.html", _script_context(request.user, script))


def _script_context(user, script: Script) -> dict:
    return {
        "script": script,
        "lock": lock_for(user, script),
        "signs": _sign_titles(script),
        "outline": [step_heading(step) for step in script.steps],
        "start_key": uuid.uuid4().hex,
        "in_progress": next(
            iter(progress.unfinished(progress.runs_for_history(user).filter(script_id=script.id))),
            None,
        ),
    }


@require_POST
@login_required
def start(request: HttpRequest, script_id: str) -> HttpResponse:
    script = get_script_for(request.user, script_id)
    lock = lock_for(request.user, script)
    if lock is not None:
        return render(
            request, "guide/script.html", _script_context(request.user, script), status=409
        )
    run = actions.do_start_run(request.user, script, start_key=request.POST.get("start_key", ""))
    return redirect(run.step_url(0))


@require_GET
@login_required
def run_detail(request: HttpRequest, run_id: UUID) -> HttpResponse:
    run = get_run_for(request.user, run_id)
    if run.is_in_progress:
        return redirect(run.step_url(run.current_step))
    script = script_of(run)
    answers = list(run.answers.all())
    return render(
        request,
        "guide/run.html",
        {
            "run": run,
            "script": script,
            "body_html": journal_api.render_markdown(actions.journal_body(run, script, answers)),
        },
    )


# What a person types at a step never appears in error reports.
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def step(request: HttpRequest, run_id: UUID, number: int) -> HttpResponse:
    run, script, current = get_step_for(request.user, run_id, number)
    if not run.is_in_progress:
        return redirect(run)
    # Asked again at every step, not only at the start: readiness can expire, a crisis can be
    # recorded, or a teenager's unlock can be withdrawn while a deep session is under way.
    lock = lock_for(request.user, script)
    if lock is not None:
        return _stop_for_now(request, run, script, current, lock)
    held = _while_held(request, run, script, current)
    if held is not None:
        return held
    here = run.step_url(current.index)
    answer = StepAnswer.objects.filter(run=run, step_index=current.index).first()
    if request.method == "GET":
        form = form_for(current, request.user, answer=answer)
        return _render_step(request, run, script, current, form, answer)

    form = form_for(current, request.user, data=request.POST)
    if not form.is_valid():
        return _render_step(request, run, script, current, form, answer, status=422)
    if not current.takes_answer:
        actions.do_continue(run, script, current)
        return redirect(_after(run))
    saved = actions.do_save_answer(
        run, script, current, form.answer(), seen=request.POST.get("seen")
    )
    typed = " ".join(filter(None, (saved.answer.text, saved.answer.text_2)))
    if saved.repeated:
        return _after_repeat(request, run, current, saved, typed)
    if typed:
        outcome = safety_api.screen_saved_text(
            request.user,
            typed,
            source=f"{run.source}:step:{current.number}",
            language=run.language,
        )
        response = safety_api.response_for_screening(request, outcome, return_to=_after(run))
        if response is not None:
            return response
    if saved.pause_for_grounding:
        return redirect(safety_api.pause_url(return_to=here, reason="distress"))
    if saved.distress is not None and saved.distress.offer_grounding and not saved.held:
        messages.info(
            request,
            _(
                "Your rating is still higher than earlier. You can take a break whenever you "
                "need, stop here, or go on gently."
            ),
        )
    return redirect(_after(run))


def _while_held(request, run: SessionRun, script: Script, current) -> HttpResponse | None:
    """A run held at a check-in by a high rating shows and accepts nothing beyond it, whatever
    the request says: the rule holds on the server, not only in the page."""
    if run.hold == Hold.CLOSING:
        return redirect("guide:close", run.id)
    if run.is_held_before(current.index):
        if request.method == "POST":
            messages.info(
                request,
                _("The session waits here until you have rated again how you feel after a break."),
            )
        return redirect(run.step_url(run.held_at))
    if run.hold == Hold.CHOOSING and current.index == run.held_at:
        if request.method == "POST":
            return redirect(run.step_url(current.index))
        return _render_still_high(request, run, script, current)
    return None


def _render_still_high(request, run, script, current, status=200, error="") -> HttpResponse:
    return render(
        request,
        "guide/still_high.html",
        {
            "run": run,
            "script": script,
            "step": current,
            "rating": run.held_ratings[-1] if run.held_ratings else None,
            "threshold": safety_api.distress_threshold(),
            "error": error,
            "crisis_url": safety_api.crisis_url(next_url=run.step_url(current.index)),
        },
        status=status,
    )


@require_POST
@login_required
def after_grounding(request: HttpRequest, run_id: UUID, number: int) -> HttpResponse:
    """The person's choice when their rating stayed high after grounding."""
    run, script, current = get_step_for(request.user, run_id, number)
    choice = request.POST.get("choice", "")
    waiting = run.is_in_progress and run.hold == Hold.CHOOSING and run.held_at == current.index
    if choice not in gating.CHOICES and waiting:
        error = _("Please choose one of the three ways to go on.")
        return _render_still_high(request, run, script, current, status=422, error=error)
    if choice not in gating.CHOICES or not actions.do_choose_after_grounding(
        run, script, current, choice
    ):
        return redirect(_after(run))
    if choice == gating.STAY_WITH_GROUNDING:
        return redirect(
            safety_api.pause_url(return_to=run.step_url(current.index), reason="distress")
        )
    if choice == gating.CLOSE_GENTLY:
        return redirect("guide:close", run.id)
    lock = {
        "reason": _(
            "You chose to stop for now, while your distress is still high. That is a wise and "
            "caring choice; the session can wait for another day."
        ),
        "readiness_url": None,
    }
    return _render_stopped_for_now(request, run, script, lock)


@require_http_methods(["GET", "POST"])
@login_required
def close_gently(request: HttpRequest, run_id: UUID) -> HttpResponse:
    """A short containment step, then the finished page: the session closes early, kindly."""
    run = get_run_for(request.user, run_id)
    if not run.is_in_progress:
        return redirect(run)
    if run.hold != Hold.CLOSING:
        return redirect(run.step_url(run.current_step))
    script = script_of(run)
    if request.method == "POST":
        actions.do_close_gently(run, script)
        return redirect(run)
    return render(request, "guide/close_gently.html", {"run": run, "script": script})


def _after_repeat(request, run: SessionRun, current, saved, typed: str) -> HttpResponse:
    """The same answer sent twice leads where the first one did, recording nothing again: the
    browser shows the last response, so it must not skip the crisis screen or grounding."""
    if typed:
        outcome = safety_api.screen_text(typed, language=run.language)
        response = safety_api.response_for_screening(request, outcome, return_to=_after(run))
        if response is not None:
            return response
    paused_here = run.is_in_progress and run.current_step == current.index
    if paused_here and run.hold == Hold.GROUNDING and run.held_at == current.index:
        return redirect(
            safety_api.pause_url(return_to=run.step_url(current.index), reason="distress")
        )
    return redirect(_after(run))


def _stop_for_now(request, run: SessionRun, script: Script, current, lock: dict) -> HttpResponse:
    """Deep work has closed during this session: stop calmly here instead of showing the step,
    keeping anything just typed, and offer grounding and help."""
    answer = None
    if request.method == "POST" and current.takes_answer:
        form = form_for(current, request.user, data=request.POST)
        if form.is_valid():
            answer = form.answer()
    if actions.do_stop_for_safety(run, script, current, answer):
        typed = " ".join(filter(None, (answer["text"], answer["text_2"])))
        outcome = safety_api.screen_saved_text(
            request.user,
            typed,
            source=f"{run.source}:step:{current.number}",
            language=run.language,
        )
        response = safety_api.response_for_screening(
            request, outcome, return_to=run.get_absolute_url()
        )
        if response is not None:
            return response
    return _render_stopped_for_now(
        request, run, script, lock, status=409 if request.method == "POST" else 200
    )


def _render_stopped_for_now(request, run, script, lock: dict, status=200) -> HttpResponse:
    return render(
        request,
        "guide/stopped_for_now.html",
        {
            "run": run,
            "script": script,
            "lock": lock,
            "pause_url": safety_api.pause_url(return_to=run.get_absolute_url()),
            "crisis_url": safety_api.crisis_url(),
        },
        status=status,
    )


def _after(run: SessionRun) -> str:
    return run.get_absolute_url() if not run.is_in_progress else run.step_url(run.current_step)


def _render_step(request, run, script, current, form, answer, status=200) -> HttpResponse:
    preferences = actions.preferences_for(request.user)
    photo_url = None
    if current.type == "visualization" and (current.get("photo") or preferences.show_photo):
        photo_url = journal_api.younger_self_photo_url(request.user)
    trigger = None
    if script.needs == "trigger" and current.type not in ("trigger", "checkin"):
        trigger = _chosen_trigger(request.user, run)
    here = run.step_url(current.index)
    returning = run.hold == Hold.GROUNDING and run.held_at == current.index
    return render(
        request,
        "guide/step.html",
        {
            "run": run,
            "script": script,
            "step": current,
            "heading": _("How strong is it now?") if returning else step_heading(current),
            "form": form,
            "answer": answer,
            "preferences": preferences,
            "preferences_form": PreferencesForm(instance=preferences),
            "photo_url": photo_url,
            "trigger": trigger,
            "pause_url": safety_api.pause_url(return_to=here),
            "here": here,
            "seen": actions.answer_version(answer),
            "previous_url": run.step_url(current.index - 1) if current.index else None,
            "is_last": current.index + 1 == len(script.steps),
            "returning": returning,
        },
        status=status,
    )


def _chosen_trigger(user, run: SessionRun) -> dict | None:
    answer = run.answers.filter(step_type="trigger").first()
    if answer is None:
        return None
    summary = None
    if answer.data.get("trigger_id"):
        summary = journal_api.trigger_summary(user, answer.data["trigger_id"])
    return {"summary": summary, "description": answer.text}


@require_POST
@login_required
def back(request: HttpRequest, run_id: UUID, number: int) -> HttpResponse:
    run, _script, current = get_step_for(request.user, run_id, number)
    if not run.is_in_progress:
        return redirect(run)
    if run.hold == Hold.CLOSING:
        return redirect("guide:close", run.id)
    actions.do_go_back(run, current)
    return redirect(run.step_url(run.current_step))


@require_POST
@login_required
def stop(request: HttpRequest, run_id: UUID, number: int) -> HttpResponse:
    run, script, current = get_step_for(request.user, run_id, number)
    if run.is_in_progress:
        actions.do_stop(run, script, current)
    return redirect(run)


@require_GET
@login_required
def history(request: HttpRequest) -> HttpResponse:
    # Kept rendered (encrypted) until the person changes something: it reads every session.
    context: dict = {}
    number = request.GET.get("page") or "1"
    kept = personal_value(
        request, f"guide-history:{number[:12]}", lambda: _history_body(request, context)
    )
    return render(
        request,
        "guide/history.html",
        {**context, "body_html": mark_safe(kept["html"]), "has_chart": kept["chart"]},
    )


def _history_body(request: HttpRequest, context: dict) -> dict:
    runs = progress.runs_for_history(request.user)
    # Figures and chart use every session; the list shows them a page at a time.
    page = Paginator(runs, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = progress.feeling_labels()
    for run in page.object_list:
        named = dict.fromkeys([*run.feelings_before, *run.feelings_after])
        run.feeling_labels = [labels.get(f, f) for f in named]
    chart = progress.chart_data(request.user, runs)
    # Feelings are optional: a column nobody filled in is left out.
    show_feelings = any(run.feeling_labels for run in page.object_list)
    chart_rows = zip(chart["labels"], chart["titles"], chart["before"], chart["after"], strict=True)
    context.update(
        {
            "runs": page.object_list,
            "runs_html": history_html.runs_rows_html(page.object_list, show_feelings=show_feelings),
            "show_feelings": show_feelings,
            "page": page,
            "summary": progress.summarise(request.user, runs),
            "chart": chart,
            "chart_rows_html": history_html.chart_rows_html(chart_rows),
            "sign_changes": progress.sign_changes(request.user, runs),
        }
    )
    html = render_to_string("guide/_history_body.html", context)
    return {"html": html, "chart": bool(chart["labels"])}


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = actions.preferences_for(request.user)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "GET":
        form = PreferencesForm(instance=current)
        return render(request, "guide/preferences.html", {"form": form, "next": next_url})
    form = PreferencesForm(request.POST, instance=current)
    if not form.is_valid():
        return render(
            request, "guide/preferences.html", {"form": form, "next": next_url}, status=422
        )
    actions.do_save_preferences(request.user, form.cleaned_data)
    messages.success(request, _("Your session preferences are saved."))
    return redirect(next_url or reverse("guide:preferences"))
