"""The settings page for personal API tokens: make one (shown once), see them, revoke them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from innerchild.accounts import api as accounts
from innerchild.api import access, actions
from innerchild.api.forms import TokenForm

MAX_LIVE_TOKENS = 20


def _page(request, form, *, new_token=None, status=200) -> HttpResponse:
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": access.tokens_of(request.user), "new_token": new_token},
        status=status,
    )


@sensitive_variables("raw")
@require_http_methods(["GET", "POST"])
@login_required
# A token opens the API without the session's "is it still you?" checks (docs/api.md): it is
# made only with a recent password or code.
@accounts.recent_authentication_required(return_to="api:tokens")
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=422)
    if access.tokens_of(request.user).filter(revoked_at__isnull=True).count() >= MAX_LIVE_TOKENS:
        form.add_error(None, _("You have %(n)s tokens: revoke one first.") % {"n": MAX_LIVE_TOKENS})
        return _page(request, form, status=422)
    token, raw = actions.do_create_token(
        request.user, name=form.cleaned_data["name"], days=form.days()
    )
    # Shown on this answer only (never stored, never put in an address or a message).
    return _page(request, TokenForm(), new_token={"token": token, "raw": raw})


@require_POST
@login_required
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access.token_for(request.user, token_id)
    actions.do_revoke_token(token, by=request.user)
    messages.success(
        request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api:tokens")


app_name = "api"
urlpatterns = [
    path("", tokens, name="tokens"),
    path("<int:token_id>/revoke/", revoke, name="revoke"),
]
