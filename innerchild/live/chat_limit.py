"""How fast one person may post to a room's chat.

A person in distress may send many short messages, so the limit is far above what anyone types
(LIVE_CHAT_PER_MINUTE, default 40); it exists so that one participant cannot flood the others'
screens and the database. Counted in the cache, so it holds across reconnects and workers.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def may_post(room_id, user_id, *, now: float | None = None) -> bool:
    """Count this message; False once the person has posted the limit within this minute."""
    window = int((time.time() if now is None else now) // WINDOW_SECONDS)
    key = f"live-chat:{room_id}:{user_id}:{window}"
    # One round trip to the cache for every message but a minute's first: incr() is atomic in
    # Redis (and good enough in the file cache of one machine); add() starts the minute's count.
    try:
        count = cache.incr(key)
    except ValueError:  # no count yet this minute
        count = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS * 2) else cache.incr(key)
    return count <= settings.LIVE_CHAT_PER_MINUTE
