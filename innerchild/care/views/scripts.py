"""Facilitators' own session scripts: written in the guide's YAML format, checked by the same
rules as the shipped scripts, private to their author (and played by the clients they assign
them to, through the assignment)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.care import access, scripts_provider
from innerchild.care.actions import scripts as actions
from innerchild.care.forms.scripts import ScriptForm
from innerchild.care.models import FacilitatorScript
from innerchild.core.content import content_language
from innerchild.guide import api as guide


@require_GET
@login_required
def scripts(request: HttpRequest) -> HttpResponse:
    access.require_facilitator(request.user)
    own = FacilitatorScript.objects.of(request.user)
    return render(
        request,
        "care/scripts/list.html",
        {
            "scripts": [s for s in own if s.archived_at is None],
            "archived": [s for s in own if s.archived_at is not None],
            "placeholders": list(scripts_provider.PLACEHOLDERS),
        },
    )


# What is typed about a client, or a script, stays out of error reports.
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def new_script(request: HttpRequest) -> HttpResponse:
    access.require_facilitator(request.user)
    if request.method == "GET":
        language = content_language()
        form = ScriptForm(
            initial={
                "language": language,
                "source": render_to_string(
                    [f"care/scripts/starter.{language}.yaml", "care/scripts/starter.yaml"]
                ),
            }
        )
        return render(request, "care/scripts/edit.html", {"form": form})
    form = ScriptForm(request.POST)
    if not form.is_valid():
        return render(request, "care/scripts/edit.html", {"form": form}, status=422)
    own = actions.do_save_script(
        request.user,
        source=form.cleaned_data["source"],
        language=form.cleaned_data["language"],
        script=form.cleaned_data["script"],
    )
    messages.success(request, _("Script saved. You can now assign it to a client."))
    return redirect("care:script", own.id)


@require_GET
@login_required
def script_detail(request: HttpRequest, script_id) -> HttpResponse:
    own = access.own_script_for(request.user, script_id)
    script, problems = guide.validate_script_source(own.source, own.language)
    return render(
        request,
        "care/scripts/detail.html",
        {
            "own": own,
            "script": script,
            "problems": problems,
            "placeholders": scripts_provider.placeholders_used(own.source),
            "assigned": own.assignments.active().count(),
        },
    )


# What is typed about a client, or a script, stays out of error reports.
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def edit_script(request: HttpRequest, script_id) -> HttpResponse:
    own = access.own_script_for(request.user, script_id)
    if request.method == "GET":
        form = ScriptForm(initial={"language": own.language, "source": own.source})
        return render(request, "care/scripts/edit.html", {"form": form, "own": own})
    form = ScriptForm(request.POST)
    if not form.is_valid():
        return render(request, "care/scripts/edit.html", {"form": form, "own": own}, status=422)
    actions.do_save_script(
        request.user,
        source=form.cleaned_data["source"],
        language=form.cleaned_data["language"],
        script=form.cleaned_data["script"],
        existing=own,
    )
    messages.success(request, _("Script saved."))
    return redirect("care:script", own.id)


@require_POST
@login_required
def archive_script(request: HttpRequest, script_id) -> HttpResponse:
    own = access.own_script_for(request.user, script_id)
    actions.do_archive_script(own)
    messages.success(
        request,
        _(
            "Script archived: it is no longer offered for new assignments. Clients who have it "
            "assigned can still do it."
        ),
    )
    return redirect("care:scripts")


urlpatterns = [
    path("scripts/", scripts, name="scripts"),
    path("scripts/new/", new_script, name="script_new"),
    path("scripts/<uuid:script_id>/", script_detail, name="script"),
    path("scripts/<uuid:script_id>/edit/", edit_script, name="script_edit"),
    path("scripts/<uuid:script_id>/archive/", archive_script, name="script_archive"),
]
