"""Assignments: the facilitator gives and follows them per client; the member sees what is open
and starts it. Completion arrives from the other apps' signals (actions/assignments.py)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.care import access, assignment_queries, scripts_provider
from innerchild.care.actions import assignments as actions
from innerchild.care.forms.assignments import AssignmentForm
from innerchild.care.models import AssignmentKind, ShareKind
from innerchild.journal import api as journal


@require_GET
@login_required
def client_assignments(request: HttpRequest, link_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    return render(
        request,
        "care/assignments/client_list.html",
        {
            "link": link,
            "client": link.member,
            "assignments": assignment_queries.assignments_for_client(link),
        },
    )


def _profile_initial(link) -> dict:
    """Placeholders prefilled from the client's younger-self profile, only if they share it."""
    if ShareKind.YOUNGER_SELF not in access.shared_kinds(link):
        return {}
    access.read_shared(link, ShareKind.YOUNGER_SELF)
    profile = journal.younger_self_summary(link.member) or {}
    initial = {}
    for name, (_label, field, _default) in scripts_provider.PLACEHOLDERS.items():
        if field and profile.get(field):
            initial[f"fill_{name}"] = profile[field]
    return initial


# What is typed about a client, or a script, stays out of error reports.
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def new_assignment(request: HttpRequest, link_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    context = {"link": link, "client": link.member}
    if request.method == "GET":
        # A week ahead by default, as a day in the facilitator's own time zone.
        initial = {
            "kind": request.GET.get("kind", ""),
            "due_date": timezone.localdate() + timedelta(days=7),
        }
        form = AssignmentForm(member=link.member, facilitator=request.user, initial=initial)
        if form.own_scripts:
            form.initial.update(_profile_initial(link))
        return render(request, "care/assignments/new.html", {**context, "form": form})
    form = AssignmentForm(request.POST, member=link.member, facilitator=request.user)
    if not form.is_valid():
        return render(request, "care/assignments/new.html", {**context, "form": form}, status=422)
    assignment = actions.do_create_assignment(link, form.assignment_data())
    messages.success(
        request,
        _("Assigned to %(name)s. They see it on their home page.")
        % {"name": link.member.display_name},
    )
    return redirect("care:assignment", link.id, assignment.id)


@require_GET
@login_required
def client_assignment(request: HttpRequest, link_id, assignment_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    assignment = access.client_assignment_for(link, assignment_id)
    results = assignment_queries.results_for(link, assignment, access.shared_kinds(link))
    preview = scripts_provider.preview(assignment) if assignment.is_own_script else None
    return render(
        request,
        "care/assignments/client_detail.html",
        {
            "link": link,
            "client": link.member,
            "assignment": assignment,
            "status": assignment_queries.status_of(assignment, timezone.now()),
            "results": results,
            "preview": preview,
        },
    )


@require_POST
@login_required
def stop_assignment(request: HttpRequest, link_id, assignment_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    assignment = access.client_assignment_for(link, assignment_id)
    actions.do_archive_assignment(assignment)
    messages.success(request, _("The assignment is stopped; your client no longer sees it."))
    return redirect("care:assignments", link.id)


@require_GET
@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    if request.user.is_facilitator:
        raise Http404
    return render(
        request,
        "care/assignments/my_list.html",
        {"assignments": assignment_queries.open_for_member(request.user)},
    )


@require_GET
@login_required
def my_assignment(request: HttpRequest, assignment_id) -> HttpResponse:
    assignment = access.member_assignment_for(request.user, assignment_id)
    now = timezone.now()
    return render(
        request,
        "care/assignments/my_detail.html",
        {
            "assignment": assignment,
            "facilitator": assignment.link.facilitator,
            "is_open": assignment.opens_at is None or assignment.opens_at <= now,
            "start_url": assignment_queries.start_url(assignment),
            "is_practice": assignment.kind == AssignmentKind.PRACTICE,
            "done": assignment.completions.exists() and not assignment.every_weeks,
        },
    )


@require_POST
@login_required
def mark_done(request: HttpRequest, assignment_id) -> HttpResponse:
    assignment = access.member_assignment_for(request.user, assignment_id)
    if assignment.kind != AssignmentKind.PRACTICE:
        # Sessions, questionnaires and prompts count when they are done, not when ticked.
        raise Http404
    if actions.do_mark_practice_done(assignment) is not None:
        messages.success(request, _("Marked as done. Well done for making the time."))
    else:
        messages.info(request, _("This practice was already marked as done."))
    return redirect(reverse("care:my_assignments"))


client_path = "clients/<uuid:link_id>/assignments/"
urlpatterns = [
    path(client_path, client_assignments, name="assignments"),
    path(client_path + "new/", new_assignment, name="assignment_new"),
    path(client_path + "<uuid:assignment_id>/", client_assignment, name="assignment"),
    path(client_path + "<uuid:assignment_id>/stop/", stop_assignment, name="assignment_stop"),
    path("assignments/", my_assignments, name="my_assignments"),
    path("assignments/<uuid:assignment_id>/", my_assignment, name="my_assignment"),
    path("assignments/<uuid:assignment_id>/done/", mark_done, name="assignment_done"),
]
