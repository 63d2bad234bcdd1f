from datetime import UTC, datetime, timedelta

from django.test import SimpleTestCase, override_settings

from innerchild.live import api


@override_settings(LIVE_OPEN_BEFORE_MINUTES=10, LIVE_CLOSE_AFTER_MINUTES=15, LIVE_MAX_HOURS=3)
class RoomWindowTests(SimpleTestCase):
    def test_a_room_opens_ten_minutes_early_and_closes_after_the_end(self):
        start = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
        opens, closes = api.room_window(start, start + timedelta(minutes=50))
        self.assertEqual(opens, start - timedelta(minutes=10))
        self.assertEqual(closes, start + timedelta(minutes=65))

    def test_a_very_long_booking_is_capped_at_three_hours(self):
        start = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
        _opens, closes = api.room_window(start, start + timedelta(hours=8))
        self.assertEqual(closes, start + timedelta(hours=3))
