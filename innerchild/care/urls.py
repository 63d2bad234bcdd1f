"""Facilitated practice. Each feature's view module lists its own routes."""

from innerchild.care.views import (
    assignments,
    clients,
    invitations,
    links,
    notes,
    practice,
    scheduling,
    scripts,
)

app_name = "care"

urlpatterns = [
    *practice.urlpatterns,
    *invitations.urlpatterns,
    *links.urlpatterns,
    *clients.urlpatterns,
    *assignments.urlpatterns,
    *notes.urlpatterns,
    *scripts.urlpatterns,
    *scheduling.urlpatterns,
]
