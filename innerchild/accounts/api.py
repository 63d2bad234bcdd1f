"""What other apps may use from accounts.

CONTRACT (keep stable):
- recent_authentication_required(view=None, *, return_to=None)   decorator: the password or a
    code given in this session within REAUTH_MINUTES, else "is it still you?" first
- ask_again_after_inactivity(view, *, setting, key)   decorator for pages that open someone
    else's data: after `settings.<setting>` minutes without one, "is it still you?" first
- active_recently(request, *, setting, key) -> bool   the same clock, for answers that cannot
    redirect (JSON): False when the person must confirm first; True restarts the clock
- confirm_url(next_url) -> str       the "is it still you?" page, then back to `next_url`
- two_step_required(user) -> bool    facilitators and staff must use two-step sign-in
- has_two_step(user) -> bool         the person has a confirmed authenticator app
- session_passed_two_step(user, session) -> bool   for WebSockets: the session gave a code if
    the person needs one
"""

from __future__ import annotations

from innerchild.accounts.guards import (
    active_recently,
    ask_again_after_inactivity,
    confirm_url,
    recent_authentication_required,
)
from innerchild.accounts.twofactor import (
    has_two_step,
    session_passed_two_step,
    two_step_required,
)

__all__ = [
    "active_recently",
    "ask_again_after_inactivity",
    "confirm_url",
    "has_two_step",
    "recent_authentication_required",
    "session_passed_two_step",
    "two_step_required",
]
