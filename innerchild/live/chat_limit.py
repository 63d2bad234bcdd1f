"""How fast one person may post to a room's chat.

A person in distress may send many short messages, so the limit is far above what anyone types
(LIVE_CHAT_PER_MINUTE, default 40); it exists so that one participant cannot flood the others'
screens and the database. The count must hold across reconnects, and across ASGI processes when
there are several:

- with `REDIS_URL` (the only way to run several ASGI processes, since the channel layer needs it),
  the count is in the Redis cache: one round trip a message;
- without it there is one ASGI process (the in-memory channel layer cannot span two), so the
  count is kept in this process's memory. The file cache would also work, but it reads and writes
  a file for every message on the thread every database call of the room shares.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60

_local_counts: dict[tuple, int] = {}
_local_lock = threading.Lock()


def may_post(room_id, user_id, *, now: float | None = None) -> bool:
    """Count this message; False once the person has posted the limit within this minute."""
    window = int((time.time() if now is None else now) // WINDOW_SECONDS)
    if settings.REDIS_URL:
        count = _count_in_cache(f"live-chat:{room_id}:{user_id}:{window}")
    else:
        count = _count_here((room_id, user_id, window), window)
    return count <= settings.LIVE_CHAT_PER_MINUTE


def _count_in_cache(key: str) -> int:
    # incr() is atomic in Redis; add() starts the minute's count.
    try:
        return cache.incr(key)
    except ValueError:  # no count yet this minute
        return 1 if cache.add(key, 1, timeout=WINDOW_SECONDS * 2) else cache.incr(key)


def _count_here(key: tuple, window: int) -> int:
    with _local_lock:
        if len(_local_counts) > 10_000:  # forget the minutes that are over
            for old in [k for k in _local_counts if k[2] < window]:
                del _local_counts[old]
        _local_counts[key] = _local_counts.get(key, 0) + 1
        return _local_counts[key]
