"""Invitations: a verified facilitator invites by email or by link; the member answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innerchild.care import access
from innerchild.care.actions import links as link_actions
from innerchild.care.forms.practice import InviteForm
from innerchild.care.forms.sharing import AcceptInvitationForm
from innerchild.care.models import Invitation
from innerchild.care.sharing_text import WHAT_IS_NEVER_SHARED, shareable_kinds
from innerchild.core import jobs


@require_http_methods(["GET", "POST"])
@login_required
def invite(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require_facilitator(user)
    form = InviteForm(request.POST if request.method == "POST" else None)
    new_link = None
    if request.method == "POST":
        if not user.facilitator_verified:
            form.add_error(None, _("You can invite clients once our staff have verified you."))
        elif form.is_valid():
            invitation, token = link_actions.do_invite(user, email=form.cleaned_data["email"])
            url = request.build_absolute_uri(reverse("care:invitation", args=[token]))
            if invitation.email:
                _email_invitation(user, invitation, url)
                messages.success(
                    request,
                    _("Invitation sent to %(email)s. It works once, for %(days)s days.")
                    % {"email": invitation.email, "days": _days(invitation)},
                )
                return redirect("care:invite")
            new_link = url
            form = InviteForm()
    invitations = Invitation.objects.filter(facilitator=user).select_related("answered_by")[:50]
    status = 422 if form.errors else 200
    return render(
        request,
        "care/invitations/invite.html",
        {
            "form": form,
            "new_link": new_link,
            "invitations": invitations,
            "verified": user.facilitator_verified,
        },
        status=status,
    )


def _days(invitation: Invitation) -> int:
    return max(1, round((invitation.expires_at - invitation.created_at).total_seconds() / 86400))


def _email_invitation(facilitator, invitation: Invitation, url: str) -> None:
    with translation.override(facilitator.language or "en"):
        subject = _("%(name)s invites you to work together on innerchild") % {
            "name": facilitator.display_name
        }
        body = _(
            "%(name)s, a facilitator on innerchild, invites you to work together.\n\n"
            "Open this link to see who they are and exactly what they would and would not see "
            "before you accept or decline. Nothing is shared unless you choose it.\n\n%(url)s\n\n"
            "The link works once and ends in %(days)s days. If you did not expect this, you can "
            "ignore this email."
        ) % {"name": facilitator.display_name, "url": url, "days": _days(invitation)}
    jobs.send_mail_later(
        to=[invitation.email],
        subject=str(subject),
        body=str(body),
        once_key=f"invitation:{invitation.pk}",
    )


@require_POST
@login_required
def withdraw_invitation(request: HttpRequest, invitation_id) -> HttpResponse:
    access.require_facilitator(request.user)
    invitation = get_object_or_404(Invitation, id=invitation_id, facilitator=request.user)
    link_actions.do_withdraw_invitation(invitation)
    messages.success(request, _("The invitation no longer works."))
    return redirect("care:invite")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = link_actions.invitation_for_token(token)
    if found is None:
        return render(request, "care/invitations/unusable.html", {"state": "unknown"}, status=404)
    state = found.state()
    if state != "open":
        return render(
            request,
            "care/invitations/unusable.html",
            {"state": state, "facilitator": found.facilitator},
            status=410,
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    if user.is_facilitator or user.pk == found.facilitator_id:
        return render(
            request,
            "care/invitations/unusable.html",
            {"state": "not_for_you", "facilitator": found.facilitator},
            status=403,
        )
    form = AcceptInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "decline":
                link_actions.do_decline_invitation(found, user)
                messages.info(request, _("You declined. Nothing was shared."))
                return redirect("core:dashboard")
            if answer == "accept" and form.is_valid():
                link = link_actions.do_accept_invitation(
                    found, user, crisis_alerts=form.cleaned_data["crisis_alerts"]
                )
                messages.success(
                    request,
                    _("You now work with %(name)s. Nothing is shared yet: choose below.")
                    % {"name": found.facilitator.display_name},
                )
                return redirect("care:link", link.id)
            form.add_error(None, _("Choose to accept or to decline."))
        except link_actions.InvitationUnusable as unusable:
            return render(
                request,
                "care/invitations/unusable.html",
                {"state": unusable.state, "facilitator": found.facilitator},
                status=410,
            )
    practice = getattr(found.facilitator, "practice", None)
    return render(
        request,
        "care/invitations/answer.html",
        {
            "invitation": found,
            "facilitator": found.facilitator,
            "practice": practice,
            "form": form,
            "shareable": shareable_kinds(),
            "never_shared": WHAT_IS_NEVER_SHARED,
            "adolescent": user.is_adolescent,
        },
        status=422 if form.errors else 200,
    )


urlpatterns = [
    path("practice/invite/", invite, name="invite"),
    path(
        "practice/invite/<uuid:invitation_id>/withdraw/",
        withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("invitations/<str:token>/", invitation, name="invitation"),
]
