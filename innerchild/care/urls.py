"""Facilitated practice. Each feature's view module lists its own routes."""

from innerchild.accounts import api as accounts
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

# Client pages open a member's shared material: after CARE_REAUTH_MINUTES without opening any,
# the facilitator confirms it is still them (docs/care.md).
for pattern in urlpatterns:
    if str(pattern.pattern).startswith("clients/<uuid:link_id>/"):
        pattern.callback = accounts.ask_again_after_inactivity(
            pattern.callback, setting="CARE_REAUTH_MINUTES", key="client_data"
        )
