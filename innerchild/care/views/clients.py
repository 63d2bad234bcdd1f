"""The facilitator's view of one client: only through an active link, shared material only while
the member shares it. Every read of shared material is logged (access.read_shared)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.assessments import api as assessments
from innerchild.care import access
from innerchild.care.actions import alerts as alert_actions
from innerchild.care.actions import links as link_actions
from innerchild.care.actions import sharing as share_actions
from innerchild.care.actions import unlock as unlock_actions
from innerchild.care.forms.sharing import UnlockForm
from innerchild.care.models import CareLink, CrisisAlert, Share, ShareKind
from innerchild.core import dates
from innerchild.guide import api as guide
from innerchild.journal import api as journal
from innerchild.safety import api as safety


@require_GET
@login_required
def clients(request: HttpRequest) -> HttpResponse:
    access.require_facilitator(request.user)
    links = CareLink.objects.active().of_facilitator(request.user).select_related("member")
    # Names are encrypted, so they are sorted here, not by the database.
    links = sorted(links, key=lambda link: link.member.display_name.casefold())
    return render(request, "care/clients/list.html", {"links": links})


def _client_context(link: CareLink) -> dict:
    share_actions.note_expired_shares(link)
    kinds = access.shared_kinds(link)
    entry_shares = list(
        Share.objects.current().filter(link=link, kind=ShareKind.ENTRY).order_by("-granted_at")
    )
    return {
        "link": link,
        "client": link.member,
        "shared": kinds,
        "kind_shares": Share.objects.current().filter(link=link, item_id__isnull=True),
        "entry_shares": entry_shares,
        "alerts": link.alerts.filter(seen_at__isnull=True),
        "unlock": safety.deep_work_unlock_for(link.member),
        "kinds": ShareKind,
    }


@require_GET
@login_required
def client(request: HttpRequest, link_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    context = _client_context(link)
    from innerchild.care import home

    context.update(home.client_extras(link))
    return render(request, "care/clients/overview.html", context)


@require_GET
@login_required
def client_entry(request: HttpRequest, link_id, entry_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    share = access.read_shared(link, ShareKind.ENTRY, entry_id)
    entry = journal.entry_for_reader(link.member, share.item_id)
    if entry is None:
        raise Http404
    return render(
        request,
        "care/clients/entry.html",
        {"link": link, "client": link.member, "entry": entry, "share": share},
    )


@require_GET
@login_required
def client_assessments(request: HttpRequest, link_id) -> HttpResponse:
    return _shared_page(
        request,
        link_id,
        ShareKind.ASSESSMENTS,
        "care/clients/assessments.html",
        lambda member: {"taken": assessments.taken_instruments(member)},
    )


@require_GET
@login_required
def client_assessment(request: HttpRequest, link_id, instrument_id: str) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    history = assessments.history_for(link.member, instrument_id)
    if history is None:
        raise Http404
    share = access.read_shared(link, ShareKind.ASSESSMENTS)
    return render(
        request,
        "care/clients/assessment.html",
        {"link": link, "client": link.member, "share": share, **history},
    )


def _shared_page(request, link_id, kind: str, template: str, read) -> HttpResponse:
    """A page of one kind of shared material: the link, the current share (the read is logged
    by read_shared), then `read(member)` for what the page shows."""
    link = access.client_link_for(request.user, link_id)
    share = access.read_shared(link, kind)
    context = {"link": link, "client": link.member, "share": share, **read(link.member)}
    return render(request, template, context)


def _sessions(member) -> dict:
    sessions = guide.session_summaries(member, limit=100)
    oldest_first = list(reversed(sessions))
    chart = {
        "labels": [dates.shown(s["started_at"], "day") for s in oldest_first],
        "titles": [s["title"] for s in oldest_first],
        "before": [s["distress_before"] for s in oldest_first],
        "after": [s["distress_after"] for s in oldest_first],
        "before_label": _("Distress before"),
        "after_label": _("Distress after"),
    }
    return {"sessions": sessions, "chart": chart}


@require_GET
@login_required
def client_sessions(request: HttpRequest, link_id) -> HttpResponse:
    return _shared_page(
        request, link_id, ShareKind.GUIDE_SESSIONS, "care/clients/sessions.html", _sessions
    )


@require_GET
@login_required
def client_triggers(request: HttpRequest, link_id) -> HttpResponse:
    return _shared_page(
        request,
        link_id,
        ShareKind.TRIGGERS,
        "care/clients/triggers.html",
        lambda member: {"log": journal.trigger_log_for_reader(member)},
    )


@require_GET
@login_required
def client_safety_plan(request: HttpRequest, link_id) -> HttpResponse:
    return _shared_page(
        request,
        link_id,
        ShareKind.SAFETY_PLAN,
        "care/clients/safety_plan.html",
        lambda member: {
            "plan": safety.safety_plan_for_reader(member),
            "lines": safety.crisis_lines_for(str(member.country), adolescent=member.is_adolescent),
        },
    )


@require_GET
@login_required
def client_younger_self(request: HttpRequest, link_id) -> HttpResponse:
    return _shared_page(
        request,
        link_id,
        ShareKind.YOUNGER_SELF,
        "care/clients/younger_self.html",
        lambda member: {"profile": journal.younger_self_summary(member)},
    )


@require_GET
@login_required
def client_risk(request: HttpRequest, link_id) -> HttpResponse:
    # Level and time only: the categories say what kind of words were seen, so they stay back.
    return _shared_page(
        request,
        link_id,
        ShareKind.RISK_EVENTS,
        "care/clients/risk.html",
        lambda member: {
            "events": [
                {"level": e["level"], "created_at": e["created_at"]}
                for e in safety.risk_events_for(member, limit=100)
            ]
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def client_unlock(request: HttpRequest, link_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    form = UnlockForm(
        request.POST if request.method == "POST" else None, tz_name=request.user.timezone
    )
    if request.method == "POST" and form.is_valid():
        unlock_actions.do_unlock_deep_work(link, ends_at=form.ends_at())
        messages.success(
            request,
            _(
                "Deep sessions are open for %(name)s. Their readiness questions and distress "
                "checks still apply on every step."
            )
            % {"name": link.member.display_name},
        )
        return redirect("care:client", link.id)
    return render(
        request,
        "care/clients/unlock.html",
        {
            "link": link,
            "client": link.member,
            "form": form,
            "unlock": safety.deep_work_unlock_for(link.member),
        },
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def client_lock(request: HttpRequest, link_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    unlock_actions.do_lock_deep_work(link)
    messages.success(request, _("Deep sessions are closed again for this client."))
    return redirect("care:client", link.id)


@require_POST
@login_required
def client_end(request: HttpRequest, link_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    link_actions.do_end_link(link, by=request.user)
    messages.success(
        request,
        _("You no longer work with %(name)s on innerchild.") % {"name": link.member.display_name},
    )
    return redirect("care:clients")


@require_POST
@login_required
def alert_seen(request: HttpRequest, link_id, alert_id: int) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    alert = get_object_or_404(CrisisAlert, id=alert_id, link=link)
    alert_actions.do_mark_alert_seen(alert)
    return redirect("care:client", link.id)


client_path = "clients/<uuid:link_id>/"

urlpatterns = [
    path("clients/", clients, name="clients"),
    path(client_path, client, name="client"),
    path(client_path + "entries/<uuid:entry_id>/", client_entry, name="client_entry"),
    path(client_path + "questionnaires/", client_assessments, name="client_assessments"),
    path(
        client_path + "questionnaires/<slug:instrument_id>/",
        client_assessment,
        name="client_assessment",
    ),
    path(client_path + "sessions/", client_sessions, name="client_sessions"),
    path(client_path + "triggers/", client_triggers, name="client_triggers"),
    path(client_path + "safety-plan/", client_safety_plan, name="client_safety_plan"),
    path(client_path + "younger-self/", client_younger_self, name="client_younger_self"),
    path(client_path + "safety-signals/", client_risk, name="client_risk"),
    path(client_path + "deep-sessions/", client_unlock, name="client_unlock"),
    path(client_path + "deep-sessions/close/", client_lock, name="client_lock"),
    path(client_path + "end/", client_end, name="client_end"),
    path(client_path + "alerts/<int:alert_id>/seen/", alert_seen, name="alert_seen"),
]
