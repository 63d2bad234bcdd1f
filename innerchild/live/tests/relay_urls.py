"""A test-only page for the TURN relay test; only tests that ask for this URLconf serve it.
Under /live/, like the room, so the Permissions-Policy lets it use the camera."""

from pathlib import Path

from django.http import HttpResponse
from django.urls import path

PAGE = Path(__file__).with_name("relay_page")


def relay_page(request):
    return HttpResponse((PAGE / "relay.html").read_bytes(), content_type="text/html")


def relay_script(request):
    return HttpResponse((PAGE / "relay.js").read_bytes(), content_type="text/javascript")


urlpatterns = [
    path("live/relay-test/", relay_page),
    path("live/relay-test/relay.js", relay_script),
    path("favicon.ico", lambda request: HttpResponse(status=204)),
]
