"""The live app's public API for other apps (care links its bookings to their rooms).

CONTRACT (keep stable):
- room_url(booking_id) -> str            the room page of a booking (404 for non-participants)
- room_window(starts_at, ends_at) -> (opens_at, closes_at)   when a booking's room is open
- join_url() -> str                      where a member types an in-person join code
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from innerchild.live.models import window_for


def room_url(booking_id) -> str:
    return reverse("live:room", args=[booking_id])


def room_window(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    return window_for(starts_at, ends_at)


def join_url() -> str:
    return reverse("live:join")
