"""Two-step sign-in is required of facilitators and staff before any care or live page, the admin,
personal API tokens, or the API's care data through the browser session: the one place that rule
lives (docs/security.md)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from innerchild.accounts import twofactor

GUARDED_NAMESPACES = {"care", "live", "admin", "api"}
# The JSON API's clients' material, when called with the browser session (a personal token is
# only ever made on a guarded page).
GUARDED_API_PREFIX = "/api/v1/care/"


def _to(request, url_name: str, next_url: str) -> HttpResponse:
    url = f"{reverse(url_name)}?{urlencode({'next': next_url})}"
    if getattr(request, "htmx", False):
        # A redirect inside an htmx swap would paste a whole page into a fragment.
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


class TwoStepRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        namespace = match.namespaces[0] if match and match.namespaces else ""
        user = request.user
        if request.path.startswith(GUARDED_API_PREFIX):
            if twofactor.two_step_required(user) and not user.is_verified():
                return JsonResponse(
                    {"detail": _("Log in with two-step sign-in to see clients' material.")},
                    status=403,
                )
            return None
        if namespace not in GUARDED_NAMESPACES:
            return None
        if namespace == "admin" and match.url_name == "login":
            # The admin's own login form would skip the second step and the login limits.
            if user.is_authenticated and not user.is_staff:
                raise Http404
            if not user.is_authenticated:
                return _to(request, "accounts:login", request.GET.get("next") or "/admin/")
        if not twofactor.two_step_required(user) or user.is_verified():
            return None
        if twofactor.has_two_step(user):
            return _to(request, "accounts:two_step_login", request.get_full_path())
        return _to(request, "accounts:two_step_required", request.get_full_path())
