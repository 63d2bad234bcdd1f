"""The typed JSON API at /api/v1/ (Django Ninja): routers per domain, each calling that app's
api.py; errors are always JSON `{"detail": ...}` (docs/api.md)."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from innerchild.api.auth import SessionAuth, TokenAuth, unauthorised_message
from innerchild.core import jsonbody

# An entry with every field full is about 400 KB of UTF-8; twice that leaves room for escapes.
MAX_JSON_BYTES = 800_000


class SafeJsonParser(Parser):
    """core.jsonbody: depth-limited, no lone surrogates, and a clear reason when refused.
    Ninja turns any parser exception into a 400, so the reason is kept on the request."""

    def parse_body(self, request):
        try:
            body = request.body
        except RequestDataTooBig:
            request.api_error = (413, _too_large())
            raise
        if len(body) > MAX_JSON_BYTES:
            request.api_error = (413, _too_large())
            raise ValueError("too large")
        try:
            return jsonbody.parse(body, empty={})
        except jsonbody.BadJson as exc:
            request.api_error = (400, str(exc))
            raise


def _too_large() -> str:
    return _("The request is too large: the limit is %(limit)s.") % {
        "limit": f"{MAX_JSON_BYTES // 1000:,} KB"
    }


api = NinjaAPI(
    title="innerchild API",
    version="1",
    description="A person's own journal and questionnaires, and for facilitators what their "
    "clients share with them. See docs/api.md.",
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
    parser=SafeJsonParser(),
    docs_url=None,
)


def _error(request, detail: str, status: int, errors=None, headers=None, confirm_url=None):
    body = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    if confirm_url is not None:
        body["confirm_url"] = confirm_url
    response = api.create_response(request, body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    return _error(
        request, unauthorised_message(request), 401, headers={"WWW-Authenticate": "Bearer"}
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    status, detail = getattr(request, "api_error", None) or (exc.status_code, str(exc))
    headers = {"Retry-After": "60"} if status == 429 else None
    return _error(
        request,
        detail,
        status,
        getattr(exc, "errors", None),
        headers=headers,
        confirm_url=getattr(exc, "confirm_url", None),
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, _("Not found."), 404)


def _field(loc) -> str:
    parts = [str(part) for part in loc]
    # ["body", "payload", "title"] -> "title"; ["query", "date_to"] -> "date_to"
    if parts and parts[0] == "body" and len(parts) > 2:
        parts = parts[2:]
    elif parts and parts[0] in ("body", "query", "path"):
        parts = parts[1:] or parts
    return ".".join(parts)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(error.get("loc", ())), []).append(str(error.get("msg", "")))
    return _error(request, _("Some values are not valid; see errors."), 422, errors=errors)


def register_routers() -> None:
    from innerchild.api.routers import assessments, care, journal, tokens

    api.add_router("/journal/", journal.router)
    api.add_router("/assessments/", assessments.router)
    api.add_router("/care/", care.router)
    api.add_router("/tokens/", tokens.router)


register_routers()
