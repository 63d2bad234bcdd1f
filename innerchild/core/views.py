from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innerchild.core import registry
from innerchild.core.dashboard import FIRST_VISIT_SESSION_KEY, cached_panels
from innerchild.core.middleware import is_json_request, json_error


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    return render(request, "core/home.html")


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    pages = registry.pages_for(request.user)
    if not request.user.onboarded_at:
        return redirect(pages.onboarding if pages else "accounts:onboarding")
    if pages is not None:
        return redirect(pages.home)
    first_visit = request.session.pop(FIRST_VISIT_SESSION_KEY, False)
    return render(
        request,
        "core/dashboard.html",
        {"panels": cached_panels(request), "first_visit": first_visit},
    )


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers and feed readers ask for /favicon.ico whatever the page links; send them to the icon.
    return redirect(static("core/favicon.svg"), permanent=True)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        # The body was never read, so it cannot be shown again; the page says how to get it back.
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if is_json_request(request):
            message = _("The request is too large: the limit is %(limit)s.") % {"limit": limit}
            return json_error(request, message, 413)
        return render(request, "core/too_large.html", {"limit": limit}, status=413)
    if is_json_request(request):
        return json_error(request, _("The request is not valid."), 400)
    return render(request, "400.html", status=400)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the error may come from a context processor or the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
