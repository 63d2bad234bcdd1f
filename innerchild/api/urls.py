"""The API's addresses: /api/v1/ (Ninja), a JSON 404 for anything else under /api/, and the
addresses the JSON endpoints had before /api/v1/, which answer 308 (method and body kept)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import JsonResponse
from django.http.response import HttpResponseRedirectBase
from django.urls import path, re_path
from django.utils.translation import gettext as _

from innerchild.api.main import api


class PermanentRedirectKeepingMethod(HttpResponseRedirectBase):
    status_code = 308


def moved(target: str):
    def view(request, **kwargs):
        url = target.format(**{k: quote(str(v), safe="") for k, v in kwargs.items()})
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        return PermanentRedirectKeepingMethod(url)

    return view


def not_found(request, rest=""):
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),
    path("journal/api/entries/", moved("/api/v1/journal/entries/")),
    path("journal/api/search/", moved("/api/v1/journal/search/")),
    path("journal/api/entries/<str:entry_id>/", moved("/api/v1/journal/entries/{entry_id}/")),
    path("assessments/api/instruments/", moved("/api/v1/assessments/instruments/")),
    path(
        "assessments/api/instruments/<slug:instrument_id>/attempts/",
        moved("/api/v1/assessments/instruments/{instrument_id}/attempts/"),
    ),
    path("assessments/api/history/", moved("/api/v1/assessments/history/")),
]
