"""The member's side: their facilitators, what they share with each, the log of what was read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.audit import api as audit
from innerchild.care import access
from innerchild.care.actions import links as link_actions
from innerchild.care.actions import sharing as share_actions
from innerchild.care.forms.sharing import CrisisAlertsForm, ShareEntryForm, ShareKindForm
from innerchild.care.models import CareLink, CrisisAlert, Share, ShareKind
from innerchild.care.sharing_text import WHAT_IS_NEVER_SHARED, shareable_kinds
from innerchild.journal import api as journal


@require_GET
@login_required
def my_care(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_facilitator:
        raise Http404
    links = list(
        CareLink.objects.active()
        .of_member(user)
        .select_related("facilitator")
        .order_by("started_at")
    )
    ended = (
        CareLink.objects.of_member(user)
        .filter(ended_at__isnull=False)
        .select_related("facilitator")[:20]
    )
    alerts = CrisisAlert.objects.filter(link__member=user).select_related("link__facilitator")[:10]
    return render(
        request,
        "care/links/my_care.html",
        {"links": links, "ended": ended, "alerts": alerts},
    )


def _link_page(request, link, *, kind_form=None, status=200):
    share_actions.note_expired_shares(link)
    shares = {s.kind: s for s in Share.objects.current().filter(link=link, item_id__isnull=True)}
    entry_shares = list(Share.objects.current().filter(link=link, kind=ShareKind.ENTRY))
    titles = {e["id"]: e for e in journal.shareable_entries(request.user, limit=500)}
    kinds = []
    for item in shareable_kinds():
        item["share"] = shares.get(item["kind"])
        kinds.append(item)
    labels = dict(ShareKind.choices)
    reads = [
        {"when": event.created_at, "what": labels.get(event.target_kind, event.target_kind)}
        for event in audit.reads_by(link.facilitator, of=request.user, limit=30)
    ]
    return render(
        request,
        "care/links/link.html",
        {
            "link": link,
            "facilitator": link.facilitator,
            "practice": getattr(link.facilitator, "practice", None),
            "kinds": kinds,
            "entry_shares": [{"share": s, "entry": titles.get(s.item_id)} for s in entry_shares],
            "never_shared": WHAT_IS_NEVER_SHARED,
            "kind_form": kind_form or ShareKindForm(tz_name=request.user.timezone),
            "reads": reads,
            "alerts": link.alerts.all()[:10],
        },
        status=status,
    )


@require_GET
@login_required
def link_page(request: HttpRequest, link_id) -> HttpResponse:
    link = access.member_link_for(request.user, link_id)
    return _link_page(request, link)


@require_POST
@login_required
def share_kind(request: HttpRequest, link_id) -> HttpResponse:
    link = access.member_link_for(request.user, link_id)
    form = ShareKindForm(request.POST, tz_name=request.user.timezone)
    if not form.is_valid():
        return _link_page(request, link, kind_form=form, status=422)
    share_actions.do_share(link, form.cleaned_data["kind"], expires_at=form.expires_at())
    messages.success(
        request,
        _("%(name)s can now see this. You can stop sharing at any time.")
        % {"name": link.facilitator.display_name},
    )
    return redirect("care:link", link.id)


@require_POST
@login_required
def revoke_share(request: HttpRequest, link_id, share_id) -> HttpResponse:
    link = access.member_link_for(request.user, link_id)
    share = get_object_or_404(Share, id=share_id, link=link)
    share_actions.do_revoke(share)
    messages.success(
        request,
        _("Stopped. %(name)s can no longer see it.") % {"name": link.facilitator.display_name},
    )
    if request.POST.get("back") == "entry" and share.item_id:
        entry_url = journal.entry_url(request.user, share.item_id)
        if entry_url:
            return redirect(entry_url)
    return redirect("care:link", link.id)


@require_POST
@login_required
def crisis_alerts(request: HttpRequest, link_id) -> HttpResponse:
    link = access.member_link_for(request.user, link_id)
    form = CrisisAlertsForm(request.POST)
    form.is_valid()
    enabled = bool(form.cleaned_data.get("crisis_alerts"))
    link_actions.do_set_crisis_alerts(link, enabled)
    if enabled:
        text = _("Saved: %(name)s will be told if you may be in danger.")
    else:
        text = _("Saved: %(name)s will not be told.")
    messages.success(request, text % {"name": link.facilitator.display_name})
    return redirect("care:link", link.id)


@require_POST
@login_required
def end_link(request: HttpRequest, link_id) -> HttpResponse:
    link = access.member_link_for(request.user, link_id)
    link_actions.do_end_link(link, by=request.user)
    messages.success(
        request,
        _("You no longer work with %(name)s on innerchild. They can no longer see anything.")
        % {"name": link.facilitator.display_name},
    )
    return redirect("care:my_care")


@require_http_methods(["GET", "POST"])
@login_required
def share_entry(request: HttpRequest, entry_id) -> HttpResponse:
    user = request.user
    entry = journal.entry_for_reader(user, entry_id)
    if entry is None:
        raise Http404
    links = list(CareLink.objects.active().of_member(user).select_related("facilitator"))
    form = ShareEntryForm(
        request.POST if request.method == "POST" else None, links=links, tz_name=user.timezone
    )
    if request.method == "POST" and form.is_valid():
        link = form.chosen_link()
        share_actions.do_share(
            link, ShareKind.ENTRY, item_id=entry["id"], expires_at=form.expires_at()
        )
        messages.success(
            request,
            _("Shared with %(name)s. You can stop sharing it at any time.")
            % {"name": link.facilitator.display_name},
        )
        return redirect(journal.entry_url(user, entry["id"]))
    current = (
        Share.objects.current()
        .filter(link__in=links, kind=ShareKind.ENTRY, item_id=entry["id"])
        .select_related("link__facilitator")
    )
    return render(
        request,
        "care/links/share_entry.html",
        {"entry": entry, "form": form, "links": links, "current": current},
        status=422 if form.errors else 200,
    )


urlpatterns = [
    path("", my_care, name="my_care"),
    path("links/<uuid:link_id>/", link_page, name="link"),
    path("links/<uuid:link_id>/share/", share_kind, name="share_kind"),
    path("links/<uuid:link_id>/shares/<uuid:share_id>/stop/", revoke_share, name="revoke_share"),
    path("links/<uuid:link_id>/crisis-alerts/", crisis_alerts, name="crisis_alerts"),
    path("links/<uuid:link_id>/end/", end_link, name="end_link"),
    path("share/entry/<uuid:entry_id>/", share_entry, name="share_entry"),
]
