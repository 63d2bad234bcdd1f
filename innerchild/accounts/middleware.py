"""Two-step sign-in is required of facilitators and staff before any care or live page or the
admin: the one place that rule lives (docs/security.md)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from innerchild.accounts import twofactor

GUARDED_NAMESPACES = {"care", "live", "admin"}


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
        if namespace not in GUARDED_NAMESPACES:
            return None
        user = request.user
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
