"""Open slots from weekly windows: pure functions, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from innerchild.care.slots import Window, group_by_local_day, open_slots, to_utc

MADRID = "Europe/Madrid"
CHICAGO = "America/Chicago"
MONDAY_MORNING = Window(weekday=0, start=time(9), end=time(10), session_minutes=50)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def slots_between(first, last, windows=(MONDAY_MORNING,), zone=MADRID, **kwargs):
    kwargs.setdefault("now", utc(2026, 1, 1))
    return open_slots(windows=list(windows), zone=zone, first=first, last=last, **kwargs)


class DaylightSavingTests(SimpleTestCase):
    def test_a_nine_oclock_window_in_madrid_stays_at_nine_across_the_autumn_change(self):
        # Clocks in Madrid go back on Sunday 25 October 2026.
        slots = slots_between(date(2026, 10, 19), date(2026, 10, 26))
        self.assertEqual(
            [slot.starts_at for slot in slots], [utc(2026, 10, 19, 7), utc(2026, 10, 26, 8)]
        )
        for slot in slots:
            self.assertEqual(slot.starts_at.astimezone(ZoneInfo(MADRID)).time(), time(9))

    def test_a_nine_oclock_window_in_madrid_stays_at_nine_across_the_spring_change(self):
        # Clocks in Madrid go forward on Sunday 28 March 2027.
        slots = slots_between(date(2027, 3, 22), date(2027, 3, 29))
        self.assertEqual(
            [slot.starts_at for slot in slots], [utc(2027, 3, 22, 8), utc(2027, 3, 29, 7)]
        )

    def test_a_member_in_chicago_sees_the_madrid_slots_move_with_both_changes(self):
        # Chicago changes a week after Madrid in autumn (1 November) and two weeks before it in
        # spring (14 March), so the Chicago time of the same Madrid 9:00 slot moves twice a year.
        autumn = slots_between(date(2026, 10, 19), date(2026, 11, 2))
        spring = slots_between(date(2027, 3, 8), date(2027, 3, 29))
        chicago = ZoneInfo(CHICAGO)
        self.assertEqual(
            [slot.starts_at.astimezone(chicago).time() for slot in autumn],
            [time(2), time(3), time(2)],
        )
        self.assertEqual(
            [slot.starts_at.astimezone(chicago).time() for slot in spring],
            [time(2), time(3), time(3), time(2)],
        )

    def test_a_window_in_chicago_stays_at_its_local_time_across_its_own_change(self):
        window = Window(weekday=6, start=time(10), end=time(11), session_minutes=60)
        slots = slots_between(date(2027, 3, 7), date(2027, 3, 14), windows=[window], zone=CHICAGO)
        self.assertEqual(
            [slot.starts_at for slot in slots], [utc(2027, 3, 7, 16), utc(2027, 3, 14, 15)]
        )

    def test_a_slot_in_the_hour_skipped_by_the_clocks_is_not_offered(self):
        night = Window(weekday=6, start=time(1, 30), end=time(3, 30), session_minutes=30)
        slots = slots_between(date(2027, 3, 28), date(2027, 3, 28), windows=[night])
        local = [slot.starts_at.astimezone(ZoneInfo(MADRID)).time() for slot in slots]
        self.assertEqual(local, [time(1, 30), time(3)])

    def test_the_repeated_hour_offers_its_first_occurrence_only(self):
        instant = to_utc(datetime(2026, 10, 25, 2, 30), ZoneInfo(MADRID))
        self.assertEqual(instant, utc(2026, 10, 25, 0, 30))

    def test_slots_are_grouped_by_the_viewers_local_day(self):
        late = Window(weekday=0, start=time(6), end=time(8), session_minutes=50, gap_minutes=10)
        slots = slots_between(date(2026, 10, 19), date(2026, 10, 19), windows=[late])
        days = group_by_local_day(slots, CHICAGO)
        # 6:00 and 7:00 in Madrid are 23:00 and 0:00 in Chicago: two days there.
        self.assertEqual([day for day, _ in days], [date(2026, 10, 18), date(2026, 10, 19)])


class WhatIsOpenTests(SimpleTestCase):
    def test_a_window_is_cut_into_sessions_with_a_gap_after_each(self):
        window = Window(weekday=0, start=time(9), end=time(12), session_minutes=50, gap_minutes=10)
        slots = slots_between(date(2026, 10, 19), date(2026, 10, 19), windows=[window])
        madrid = ZoneInfo(MADRID)
        self.assertEqual(
            [(s.starts_at.astimezone(madrid).time(), s.ends_at - s.starts_at) for s in slots],
            [(time(h), timedelta(minutes=50)) for h in (9, 10, 11)],
        )

    def test_a_session_that_would_run_past_the_window_is_not_offered(self):
        window = Window(weekday=0, start=time(9), end=time(10, 30), session_minutes=60)
        slots = slots_between(date(2026, 10, 19), date(2026, 10, 19), windows=[window])
        self.assertEqual(len(slots), 1)

    def test_days_away_have_no_slots(self):
        slots = slots_between(
            date(2026, 10, 19), date(2026, 11, 2), away=[(date(2026, 10, 26), date(2026, 10, 30))]
        )
        self.assertEqual(
            [s.starts_at.date() for s in slots], [date(2026, 10, 19), date(2026, 11, 2)]
        )

    def test_an_open_booking_takes_the_slots_it_overlaps(self):
        busy = [(utc(2026, 10, 19, 7, 30), utc(2026, 10, 19, 8, 30))]
        slots = slots_between(date(2026, 10, 19), date(2026, 10, 26), busy=busy)
        self.assertEqual([s.starts_at for s in slots], [utc(2026, 10, 26, 8)])

    def test_past_slots_and_those_inside_the_notice_are_not_offered(self):
        slots = slots_between(
            date(2026, 10, 12),
            date(2026, 11, 2),
            now=utc(2026, 10, 18, 20),
            notice=timedelta(hours=12),
        )
        # 12 October is past; 19 October 7:00 UTC is only 11 hours after now.
        self.assertEqual([s.starts_at for s in slots], [utc(2026, 10, 26, 8), utc(2026, 11, 2, 8)])

    def test_a_window_only_applies_between_its_valid_dates(self):
        window = Window(
            weekday=0,
            start=time(9),
            end=time(10),
            session_minutes=50,
            valid_from=date(2026, 10, 20),
            valid_until=date(2026, 10, 27),
        )
        slots = slots_between(date(2026, 10, 12), date(2026, 11, 9), windows=[window])
        self.assertEqual([s.starts_at for s in slots], [utc(2026, 10, 26, 8)])

    def test_two_windows_offering_the_same_start_give_one_slot(self):
        slots = slots_between(
            date(2026, 10, 19), date(2026, 10, 19), windows=[MONDAY_MORNING, MONDAY_MORNING]
        )
        self.assertEqual(len(slots), 1)
