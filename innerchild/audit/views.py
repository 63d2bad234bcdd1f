from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from innerchild.audit import api as audit


@require_GET
@login_required
def activity(request: HttpRequest) -> HttpResponse:
    events = audit.events_about(request.user, limit=300)
    return render(request, "audit/activity.html", {"events": events})


urlpatterns = [path("", activity, name="activity")]
