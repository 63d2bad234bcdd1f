"""The facilitator's own pages: their practice (home) and its profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.accounts import api as accounts
from innerchild.audit import api as audit
from innerchild.care import access, home, records
from innerchild.care.actions.practice import do_save_practice
from innerchild.care.forms.practice import PracticeForm
from innerchild.care.models import PracticeProfile


@require_GET
@login_required
def practice_home(request: HttpRequest) -> HttpResponse:
    access.require_facilitator(request.user)
    if request.user.onboarded_at is None:
        return redirect("care:practice_profile")
    return render(request, "care/practice/home.html", home.facilitator_home(request.user))


@require_http_methods(["GET", "POST"])
@login_required
def practice_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require_facilitator(user)
    profile = PracticeProfile.objects.filter(facilitator=user).first()
    initial = {"timezone": user.timezone, "languages": [user.language]}
    if profile is not None:
        initial.update(
            practice_name=profile.practice_name,
            profession=profile.profession,
            registration=profile.registration,
            languages=profile.languages,
            contact=profile.contact,
        )
    onboarded = user.onboarded_at is not None
    form = PracticeForm(
        request.POST if request.method == "POST" else None, initial=initial, onboarded=onboarded
    )
    if request.method == "POST" and form.is_valid():
        do_save_practice(user, form.cleaned_data)
        messages.success(request, _("Your practice details are saved."))
        return redirect("care:practice")
    status = 422 if form.errors else 200
    return render(
        request,
        "care/practice/profile.html",
        {"form": form, "onboarded": onboarded, "verified": user.facilitator_verified},
        status=status,
    )


@require_GET
@login_required
def records_page(request: HttpRequest) -> HttpResponse:
    access.require_facilitator(request.user)
    return render(request, "care/practice/records.html")


@require_POST
@login_required
def records_download(request: HttpRequest) -> HttpResponse:
    """Every note, summary and session of the practice, for the facilitator to keep."""
    access.require_facilitator(request.user)  # anyone else: 404, before any password is asked
    return _records_zip(request)


@accounts.recent_authentication_required(return_to="care:records")
def _records_zip(request: HttpRequest) -> HttpResponse:
    archive = records.practice_records_zip(request.user)
    audit.record(
        audit.Event.DATA_EXPORTED,
        actor=request.user,
        subject=request.user,
        target_kind="practice_records",
    )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="innerchild-records-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("practice/", practice_home, name="practice"),
    path("practice/profile/", practice_profile, name="practice_profile"),
    path("practice/records/", records_page, name="records"),
    path("practice/records/download/", records_download, name="records_download"),
]
