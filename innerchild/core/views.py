from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from innerchild.core import registry
from innerchild.core.dashboard import cached_panels


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
    return render(request, "core/dashboard.html", {"panels": cached_panels(request)})


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the error may come from a context processor or the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
