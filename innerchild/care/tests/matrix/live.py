"""The live session room: only the booking's member and facilitator reach it."""

from __future__ import annotations

from innerchild.care import api as care
from innerchild.care.tests.matrix import ROLES, Case


def setup(cast) -> None:
    from datetime import timedelta

    from django.utils import timezone

    starts_at = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    cast.extra["live_booking"] = care.create_booking(
        facilitator=cast.fay,
        members=[cast.alice],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=50),
    )


CASES = [
    Case(
        "live:room",
        args=lambda cast, role: [cast.extra["live_booking"]],
        allowed=frozenset({"owner", "shared"}),
    ),
    Case(
        "live:summary",
        args=lambda cast, role: [cast.extra["live_booking"]],
        allowed=frozenset({"shared"}),
        method="POST",
        data=lambda cast, role: {"member": cast.alice.pk, "body": "What we did today."},
        note="the facilitator only; the member keeps what is sent",
    ),
    Case(
        "live:join",
        allowed=frozenset(set(ROLES) - {"anonymous"}),
        note="the form to type a join code; the code itself only opens one's own rooms",
    ),
]
