"""Request-wide behaviour: the person's timezone and language, JSON errors, security headers,
onboarding before member pages, a page of our own for a method a page does not take."""

from __future__ import annotations

import logging
import zoneinfo

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from innerchild.core import registry

logger = logging.getLogger("django.request")


class PersonalPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone or "UTC"))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        else:
            timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response


def is_json_request(request) -> bool:
    """JSON endpoints live under an `api/` path segment; a client may also ask for JSON."""
    if "/api/" in request.path:
        return True
    accept = request.headers.get("Accept", "")
    return accept.startswith("application/json") or request.content_type == "application/json"


def json_error(request, message: str, status: int) -> JsonResponse:
    """The typed API (/api/) names its message "detail" (docs/api.md); older endpoints "error"."""
    key = "detail" if request.path.startswith("/api/") else "error"
    return JsonResponse({key: message}, status=status)


def _json_error_messages() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        401: _("Please log in."),
        403: _("Not allowed. If you are logged in, send the CSRF token in the X-CSRFToken header."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        429: _("Too many requests in a short time. Please wait a little."),
    }


class JsonErrorsMiddleware:
    """JSON endpoints answer errors in JSON, whoever produced them: a method or CSRF check, a
    rate limit, a 404 from the URL resolver, or an unexpected exception."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and is_json_request(request)
            and "json" not in response.get("Content-Type", "")
        ):
            message = _json_error_messages().get(response.status_code) or _(
                "The request could not be completed."
            )
            replaced = json_error(request, message, response.status_code)
            for header in ("Allow", "Retry-After", "Cache-Control", "Permissions-Policy", "Vary"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response

    def process_exception(self, request, exception):
        if not is_json_request(request) or isinstance(exception, Http404 | PermissionDenied):
            return None
        if isinstance(exception, SuspiciousOperation):
            return None  # handler400 answers these, in JSON for JSON requests
        logger.exception("Server error on %s", request.path)
        return json_error(request, _("Something went wrong on our side."), 500)


# Browser features no page needs are switched off; the live room asks for camera, microphone
# and screen sharing, for this site only.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), display-capture=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=()"
)
LIVE_ROOM_PERMISSIONS_POLICY = (
    "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), "
    "usb=(), interest-cohort=()"
)
LIVE_ROOM_PREFIX = "/live/"


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and `Cache-Control: no-store` on every response
    to a logged-in person: those pages show their own writing, which must not be reopened from
    the browser's cache by the next person at a shared computer after logout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy",
            LIVE_ROOM_PERMISSIONS_POLICY
            if request.path.startswith(LIVE_ROOM_PREFIX)
            else PERMISSIONS_POLICY,
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            cache_control = response.get("Cache-Control", "")
            if "no-store" not in cache_control:
                response["Cache-Control"] = "private, no-store"
        return response


class OnboardingFirstMiddleware:
    """A signed-in person who has not finished onboarding is sent there first from any page of
    an app registered with `registry.register_onboarding_first`, then brought back. Pause and
    the crisis pages are registered as always open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.onboarded_at is not None:
            return None
        match = request.resolver_match
        if match is None or is_json_request(request):
            return None
        if not registry.needs_onboarding_first(match.namespace, match.url_name or ""):
            return None
        pages = registry.pages_for(user)
        onboarding = reverse(pages.onboarding if pages else "accounts:onboarding")
        if request.method == "GET":
            onboarding += "?" + urlencode({"next": request.get_full_path()})
        return redirect(onboarding)


class MethodNotAllowedPageMiddleware:
    """Django answers a method a view does not take (an address typed in the bar for a form that
    only accepts sending) with an empty 405, which browsers show as a bare error. People get a
    page that says what happened and what to do; JSON requests keep their JSON answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not is_json_request(request):
            page = render(request, "405.html", status=405)
            if "Allow" in response:
                page["Allow"] = response["Allow"]
            return page
        return response
