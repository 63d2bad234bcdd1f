from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def pause(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/pause.html", {"came_from": request.GET.get("from", "")})


@require_GET
def crisis(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/crisis.html")


@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/plan.html")
