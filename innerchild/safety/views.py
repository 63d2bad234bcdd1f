from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_countries import countries

from innerchild.safety import actions, api, rules
from innerchild.safety.access import get_checkin_for, get_plan_for
from innerchild.safety.forms import CheckinForm, ReadinessForm, SafetyPlanForm
from innerchild.safety.lines import known_countries, lines_for
from innerchild.safety.models import DeepWorkUnlock, SafetyCheckin, WatchChoice

CHECKIN_LIST_LIMIT = 30
# Why a person was brought to the Pause page (safety.api.pause_url(reason=...)).
PAUSE_REASONS = {
    "distress": gettext_lazy(
        "You were brought here because the distress you rated was high. Take the time you "
        "need; your session will wait for you."
    ),
}


def safe_local_path(request: HttpRequest, url: str | None) -> str:
    """`url` if it is a path on this site (never another host or scheme), else ""."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return ""
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return url


@require_GET
def pause(request: HttpRequest) -> HttpResponse:
    came_from = safe_local_path(request, request.GET.get("from"))
    if came_from.startswith(reverse("safety:pause")):
        came_from = ""
    why = PAUSE_REASONS.get(request.GET.get("why", ""))
    return render(request, "safety/pause.html", {"came_from": came_from, "why": why})


def _country_and_youth(request: HttpRequest) -> tuple[str, bool]:
    user = request.user
    country = (request.GET.get("country") or "").strip()[:2]
    if not country and user.is_authenticated:
        country = str(user.country or "")
    youth = request.GET.get("youth") == "1" or (user.is_authenticated and user.is_adolescent)
    return country, youth


@require_GET
def crisis(request: HttpRequest) -> HttpResponse:
    country, youth = _country_and_youth(request)
    plan = get_plan_for(request.user) if request.user.is_authenticated else None
    next_url = safe_local_path(request, request.GET.get("next"))
    return render(
        request,
        "safety/crisis.html",
        {
            "lines": lines_for(country, youth=youth),
            "known_countries": [(code, countries.name(code)) for code in known_countries()],
            "youth": youth,
            "plan": plan if plan and not plan.is_empty else None,
            "next_url": next_url,
            "pause_url": api.pause_url(return_to=next_url or None),
        },
    )


@require_GET
def are_you_safe(request: HttpRequest) -> HttpResponse:
    next_url = safe_local_path(request, request.GET.get("next"))
    return render(
        request,
        "safety/are_you_safe.html",
        {
            "next_url": next_url or reverse("core:home"),
            "pause_url": api.pause_url(return_to=next_url or None),
            "crisis_url": api.crisis_url(next_url=next_url or None),
        },
    )


@require_GET
@login_required
def plan(request: HttpRequest) -> HttpResponse:
    own_plan = get_plan_for(request.user)
    if own_plan is None or own_plan.is_empty:
        return redirect("safety:plan_edit")
    return render(request, "safety/plan.html", {"plan": own_plan})


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: HttpRequest) -> HttpResponse:
    form = SafetyPlanForm(
        request.POST if request.method == "POST" else None, instance=get_plan_for(request.user)
    )
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "safety/plan_edit.html", {"form": form}, status=422)
        # Not screened: a safety plan names warning signs and means on purpose; screening it
        # would raise an alarm every time someone does the most protective thing in the app.
        actions.do_save_plan(request.user, form.cleaned_data)
        messages.success(request, _("Your safety plan is saved."))
        return redirect("safety:plan")
    return render(request, "safety/plan_edit.html", {"form": form})


def _checkin_page(request: HttpRequest, form: CheckinForm, status: int = 200) -> HttpResponse:
    notes = SafetyCheckin.objects.filter(user=request.user)[:CHECKIN_LIST_LIMIT]
    return render(request, "safety/checkins.html", {"form": form, "notes": notes}, status=status)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def checkins(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _checkin_page(request, CheckinForm())
    form = CheckinForm(request.POST)
    if not form.is_valid():
        return _checkin_page(request, form, status=422)
    note = actions.do_save_checkin(request.user, form.cleaned_data["body"])
    # Screen after the note is saved: screening must never cost a person their words.
    outcome = api.screen_saved_text(request.user, note.body, source=note.source)
    messages.success(request, _("Your note is saved."))
    return api.response_for_screening(
        request, outcome, return_to=reverse("safety:checkins")
    ) or redirect("safety:checkins")


@require_POST
@login_required
def delete_checkin(request: HttpRequest, checkin_id: int) -> HttpResponse:
    note = get_checkin_for(request.user, checkin_id)
    actions.do_delete_checkin(note)
    messages.success(request, _("The note is deleted."))
    return redirect("safety:checkins")


@require_http_methods(["GET", "POST"])
@login_required
def readiness(request: HttpRequest) -> HttpResponse:
    next_url = safe_local_path(request, request.GET.get("next")) or reverse("core:dashboard")
    form = ReadinessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return render(
                request, "safety/readiness.html", {"form": form, "next_url": next_url}, status=422
            )
        user = request.user
        unlock = DeepWorkUnlock.objects.filter(member=user).first()
        unlocked = bool(unlock and unlock.is_current())
        result = rules.readiness_outcome(
            form.answers(), adolescent=user.is_adolescent, unlocked=unlocked
        )
        actions.do_record_readiness(user, outcome=result.outcome, reasons=result.reasons)
        if result.outcome == rules.CRISIS:
            return redirect(api.crisis_url(next_url=next_url))
        if result.outcome == rules.READY:
            messages.success(request, _("Thank you. Deep exercises are open to you today."))
            return redirect(next_url)
        return render(
            request,
            "safety/readiness_result.html",
            {
                "reasons": [rules.REASON_TEXT[r] for r in result.reasons],
                "referral": rules.REFERRAL_TEXT,
                "next_url": next_url,
                "show_lines": "recent_harm" in result.reasons,
            },
        )
    return render(request, "safety/readiness.html", {"form": form, "next_url": next_url})


@require_POST
def watch_choice(request: HttpRequest) -> HttpResponse:
    """The panel's "I'm okay" / "this was about the past": counted, and the panel goes away."""
    note = request.session.pop(api.WATCH_NOTE, None) or {}
    choice = request.POST.get("choice", "")
    if choice in WatchChoice.values:
        actions.do_count_watch_choice(choice)
    back = safe_local_path(request, request.POST.get("next") or note.get("return_to"))
    return redirect(back or "core:home")
