"""Who is calling: a personal API token (`Authorization: Bearer ic_...`) or the browser session.

Token calls need no CSRF token (a browser never adds the header on its own); session calls do on
every unsafe method, as the pages' forms do. Each token is rate limited (API_TOKEN_RATE)."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from innerchild.accounts import api as accounts
from innerchild.api.access import note_use, usable_token

RATE_GROUP = "api-token"


class Throttled(HttpError):
    def __init__(self) -> None:
        super().__init__(
            429, _("Too many requests with this token in a short time. Please wait a minute.")
        )


class NoSession(dict):
    """A token call has no session: what code below notes in it lasts for this request only, and
    no session row or cookie is ever made for it."""

    accessed = False
    modified = False

    def is_empty(self) -> bool:
        return True


def _act_as(request, user) -> None:
    """What the session middleware would have done for a logged-in person: their timezone and
    language, and `request.user` for the code below."""
    request.user = user
    request.session = NoSession()
    try:
        timezone.activate(zoneinfo.ZoneInfo(user.timezone or "UTC"))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()
    if user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


class TokenAuth(HttpBearer):
    def __call__(self, request):
        header = request.headers.get(self.header, "")
        if header[:7].lower() == "bearer ":
            return self.authenticate(request, header[7:].strip())
        if header:
            request.api_auth_refused = "scheme"
        return None

    def authenticate(self, request, token: str):
        found = usable_token(token)
        if found is None:
            request.api_auth_refused = "token"
            return None
        if is_ratelimited(
            request,
            group=RATE_GROUP,
            key=lambda group, request: str(found.id),
            rate=settings.API_TOKEN_RATE,
            increment=True,
        ):
            raise Throttled
        note_use(found)
        request.api_token = found
        _act_as(request, found.owner)
        return found.owner


class SessionAuth(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if getattr(request, "api_auth_refused", None) or not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403,
                _("Send the CSRF token in the X-CSRFToken header, or use a personal API token."),
            )
        return request.user

    def authenticate(self, request, key):  # pragma: no cover - __call__ decides
        return None


class ConfirmItIsYou(HttpError):
    def __init__(self, next_url: str) -> None:
        super().__init__(
            403,
            _(
                "It is a while since you last opened a client's material: confirm it is you "
                "on the page at confirm_url, then try again."
            ),
        )
        self.confirm_url = accounts.confirm_url(next_url)


def ask_again_after_inactivity(request, *, link_id) -> None:
    """What care's client pages do (care/urls.py), for the session's JSON calls: after
    CARE_REAUTH_MINUTES without opening a client's material (on a page or here), the person
    confirms it is still them first, on the page the answer names; the same clock as the pages.
    Token calls are exempt (docs/api.md)."""
    if getattr(request, "api_token", None) is not None:
        return
    if not accounts.active_recently(request, setting="CARE_REAUTH_MINUTES", key="client_data"):
        raise ConfirmItIsYou(reverse("care:client", args=[link_id]))


def unauthorised_message(request) -> str:
    refused = getattr(request, "api_auth_refused", None)
    if refused == "token":
        return _("This API token is not valid: it may have been revoked or have expired.")
    if refused == "scheme":
        return _("Send a personal API token as: Authorization: Bearer <token>.")
    return _("Please log in, or send a personal API token as: Authorization: Bearer <token>.")
