"""The chat limit counts per person and room and starts again each minute, in the Redis cache when
there is one and in the process otherwise."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.test import SimpleTestCase, override_settings

from innerchild.live.chat_limit import may_post

MINUTE = 1_800_000_000  # a whole minute, in seconds since the epoch


class ChatLimitTests(SimpleTestCase):
    def check_limit(self):
        room = uuid.uuid4()
        allowed = [may_post(room, 7, now=MINUTE + second) for second in range(5)]
        self.assertEqual(allowed, [True, True, True, False, False])
        self.assertTrue(may_post(room, 8, now=MINUTE + 10), "another person has their own count")
        self.assertTrue(may_post(uuid.uuid4(), 7, now=MINUTE + 10), "another room too")
        self.assertTrue(may_post(room, 7, now=MINUTE + 60), "the next minute starts again")
        return room

    @override_settings(REDIS_URL="", LIVE_CHAT_PER_MINUTE=3)
    def test_without_redis_the_process_counts(self):
        room = self.check_limit()
        self.assertIsNone(cache.get(f"live-chat:{room}:7:{MINUTE // 60}"))

    @override_settings(REDIS_URL="redis://in-the-cache", LIVE_CHAT_PER_MINUTE=3)
    def test_with_redis_the_cache_counts(self):
        room = self.check_limit()
        self.assertEqual(cache.get(f"live-chat:{room}:7:{MINUTE // 60}"), 5)
