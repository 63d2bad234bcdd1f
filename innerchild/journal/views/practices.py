"""Trigger history, affirmations, the younger-self profile and photo, the prompt library."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.core import dates
from innerchild.core.signs import all_signs
from innerchild.journal import actions, photos, prompting, vocab
from innerchild.journal.access import (
    get_affirmation_for,
    get_younger_self_for,
    get_younger_self_photo_for,
)
from innerchild.journal.forms import AffirmationForm, PhotoForm, YoungerSelfForm
from innerchild.journal.models import Affirmation, Entry, Kind
from innerchild.journal.prompting import prompt_url
from innerchild.journal.views.common import screened_redirect


@require_GET
@login_required
def triggers(request: HttpRequest) -> HttpResponse:
    rows = list(
        Entry.objects.visible_to(request.user)
        .filter(kind=Kind.TRIGGER)
        .order_by("created_at")
        .values_list("id", "created_at", "intensity", "need")
    )
    by_need: dict[str, list[int]] = defaultdict(list)
    by_week: dict[date, list[int]] = defaultdict(list)
    for _id, created, intensity, need in rows:
        by_need[need or "other"].append(intensity or 0)
        local_day = timezone.localtime(created).date()
        by_week[local_day - timedelta(days=local_day.weekday())].append(intensity or 0)
    need_rows = [
        {
            "id": need_id,
            "label": vocab.need_label(need_id),
            "count": len(values),
            "average": round(sum(values) / len(values), 1),
        }
        for need_id, values in sorted(by_need.items(), key=lambda kv: -len(kv[1]))
    ]
    week_rows = [
        {
            "week": _("Week of %(day)s") % {"day": dates.shown(monday, "day")},
            "count": len(values),
            "average": round(sum(values) / len(values), 1),
        }
        for monday, values in by_week.items()
    ]
    chart = {
        "needs": {
            "labels": [r["label"] for r in need_rows],
            "counts": [r["count"] for r in need_rows],
            "averages": [r["average"] for r in need_rows],
            "countLabel": _("Times logged"),
            "averageLabel": _("Average intensity (0-10)"),
        },
        "weeks": {
            "labels": [r["week"] for r in week_rows],
            "averages": [r["average"] for r in week_rows],
            "averageLabel": _("Average intensity (0-10)"),
        },
    }
    recent = [
        (entry_id, created, intensity, vocab.need_label(need) if need else "")
        for entry_id, created, intensity, need in reversed(rows[-20:])
    ]
    return render(
        request,
        "journal/triggers.html",
        {
            "need_rows": need_rows,
            "week_rows": week_rows,
            "chart": chart,
            "recent": recent,
            "total": len(rows),
        },
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def affirmations(request: HttpRequest) -> HttpResponse:
    # Bound on every POST, even an empty one, so an empty affirmation is told what is missing.
    form = AffirmationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        affirmation = actions.do_add_affirmation(request.user, form.cleaned_data["text"])
        messages.success(request, _("Added to your affirmations."))
        # Screened once saved, like entries: an affirmation can hold more than kind words.
        return screened_redirect(
            request,
            affirmation.text,
            source=f"journal-affirmation:{affirmation.id}",
            url=reverse("journal:affirmations"),
        )
    items = list(Affirmation.objects.filter(owner=request.user))
    return render(
        request,
        "journal/affirmations.html",
        {"form": form, "affirmations": items},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def delete_affirmation(request: HttpRequest, affirmation_id: int) -> HttpResponse:
    affirmation = get_affirmation_for(request.user, affirmation_id)
    actions.do_delete_affirmation(affirmation)
    messages.success(request, _("The affirmation was removed."))
    return redirect("journal:affirmations")


def _profile_page(request, form, photo_form, status=200):
    return render(
        request,
        "journal/younger_self.html",
        {
            "form": form,
            "photo_form": photo_form,
            "profile": get_younger_self_for(request.user),
            "max_photo_mb": photos.MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=status,
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def younger_self(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = YoungerSelfForm(request.POST)
        if form.is_valid():
            profile = actions.do_save_younger_self(request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            # What the child needed is where harm, past or present, is often first told.
            return screened_redirect(
                request,
                profile.screening_text,
                source=f"journal-younger-self:{profile.id}",
                url=reverse("journal:younger_self"),
            )
        return _profile_page(request, form, PhotoForm(), status=422)
    return _profile_page(request, _saved_profile_form(request.user), PhotoForm())


def _saved_profile_form(user) -> YoungerSelfForm:
    profile = get_younger_self_for(user)
    return YoungerSelfForm(initial=YoungerSelfForm.initial_for(profile) if profile else {})


@sensitive_post_parameters()
@require_POST
@login_required
def upload_photo(request: HttpRequest) -> HttpResponse:
    too_big = int(request.META.get("CONTENT_LENGTH") or 0) > photos.MAX_UPLOAD_BYTES + 64 * 1024
    form = PhotoForm(request.POST, request.FILES)
    if too_big:
        form.is_valid()
        form.errors.clear()
        form.add_error("photo", photos.size_limit_message())
    elif form.is_valid():
        upload = form.cleaned_data["photo"]
        if upload.size > photos.MAX_UPLOAD_BYTES:
            form.add_error("photo", photos.size_limit_message())
        else:
            try:
                jpeg = photos.prepare_photo(upload.read())
            except photos.PhotoRejected as exc:
                form.add_error("photo", str(exc))
            else:
                actions.do_set_younger_self_photo(request.user, jpeg)
                messages.success(request, _("The photo was saved, without its hidden metadata."))
                return redirect("journal:younger_self")
    # The profile form shows what is saved, so saving it next does not wipe the profile.
    return _profile_page(request, _saved_profile_form(request.user), form, status=422)


@require_POST
@login_required
def remove_photo(request: HttpRequest) -> HttpResponse:
    actions.do_set_younger_self_photo(request.user, None)
    messages.success(request, _("The photo was removed."))
    return redirect("journal:younger_self")


@require_GET
@login_required
def younger_self_photo(request: HttpRequest, profile_id) -> HttpResponse:
    data = get_younger_self_photo_for(request.user, profile_id)
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@require_GET
@login_required
def prompt_library(request: HttpRequest) -> HttpResponse:
    sign = request.GET.get("sign", "")
    stage = request.GET.get("stage", "")
    items = [
        p
        for p in vocab.prompts()
        if (not sign or sign in p.signs) and (not stage or p.stage == stage)
    ]
    stage_labels = stage_names()
    return render(
        request,
        "journal/prompts.html",
        {
            "prompts": [
                {
                    "prompt": p,
                    "stage": stage_labels[p.stage],
                    "signs": [s.short for s in all_signs() if s.id in p.signs],
                    "url": prompt_url(p),
                }
                for p in items
            ],
            "signs": all_signs(),
            "stages": list(stage_labels.items()),
            "sign": sign,
            "stage": stage,
            "today": prompting.prompt_for_today(request.user),
        },
    )


def stage_names() -> dict[str, str]:
    return {
        "recognise": _("Recognise"),
        "reconnect": _("Reconnect"),
        "express": _("Express"),
        "reparent": _("Reparent"),
        "integrate": _("Integrate"),
    }
