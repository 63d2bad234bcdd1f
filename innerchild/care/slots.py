"""Open slots of a facilitator: weekly windows, minus days away, open bookings, the past and a
minimum notice. Pure functions of plain values, no database.

Windows are wall-clock times in the facilitator's time zone, so a 9:00 window stays at 9:00 there
across daylight-saving changes while its UTC instant moves. Recurrence comes from dateutil.rrule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MINUTELY, WEEKLY, rrule


@dataclass(frozen=True)
class Window:
    """A weekly window: `weekday` 0 = Monday, local start and end, sessions and the gap after each."""

    weekday: int
    start: time
    end: time
    session_minutes: int
    gap_minutes: int = 0
    mode: str = "online"
    place: str = ""
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True, order=True)
class Slot:
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    mode: str = "online"
    place: str = field(default="", compare=False)

    @property
    def value(self) -> str:
        """The slot's start as an ISO 8601 UTC instant: what a form posts back."""
        return self.starts_at.astimezone(UTC).isoformat()


def to_utc(local: datetime, zone: ZoneInfo) -> datetime | None:
    """A wall-clock time in `zone` as a UTC instant; None when that time does not exist there (the
    hour skipped when clocks go forward). In the repeated hour the first occurrence is taken."""
    aware = local.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local:
        return None
    return instant


def _window_starts(window: Window, first: date, last: date) -> Iterable[datetime]:
    """Local (naive) start times of the sessions `window` offers between two dates, inclusive."""
    first = max(first, window.valid_from or first)
    last = min(last, window.valid_until or last)
    if first > last:
        return
    step = window.session_minutes + window.gap_minutes
    days = rrule(
        WEEKLY,
        byweekday=window.weekday,
        dtstart=datetime.combine(first, time()),
        until=datetime.combine(last, time()),
    )
    for day in days:
        opens = datetime.combine(day.date(), window.start)
        last_start = datetime.combine(day.date(), window.end) - timedelta(
            minutes=window.session_minutes
        )
        if last_start < opens:
            continue
        yield from rrule(MINUTELY, interval=step, dtstart=opens, until=last_start)


def open_slots(
    *,
    windows: Sequence[Window],
    zone: str,
    first: date,
    last: date,
    now: datetime,
    notice: timedelta = timedelta(0),
    away: Sequence[tuple[date, date]] = (),
    busy: Sequence[tuple[datetime, datetime]] = (),
) -> list[Slot]:
    """Every open slot whose local date (in the facilitator's `zone`) is between `first` and `last`.

    `away` are inclusive local date ranges; `busy` are (start, end) instants of open bookings; a
    slot must start at least `notice` after `now`.
    """
    tz = ZoneInfo(zone)
    earliest = now + notice
    slots: set[Slot] = set()
    for window in windows:
        for local in _window_starts(window, first, last):
            if any(start <= local.date() <= end for start, end in away):
                continue
            starts_at = to_utc(local, tz)
            if starts_at is None or starts_at < earliest:
                continue
            ends_at = starts_at + timedelta(minutes=window.session_minutes)
            if any(b_start < ends_at and b_end > starts_at for b_start, b_end in busy):
                continue
            slots.add(Slot(starts_at, ends_at, window.mode, window.place))
    return sorted(slots)


def find_slot(slots: Iterable[Slot], starts_at: datetime) -> Slot | None:
    return next((slot for slot in slots if slot.starts_at == starts_at), None)


def local_dates_around(starts_at: datetime, zone: str) -> tuple[date, date]:
    """The facilitator-local dates on which a slot starting at `starts_at` may have been offered."""
    local = starts_at.astimezone(ZoneInfo(zone)).date()
    return local - timedelta(days=1), local + timedelta(days=1)


def group_by_local_day(slots: Iterable[Slot], zone: str) -> list[tuple[date, list[Slot]]]:
    """Slots grouped by their date in the viewer's `zone`, in order."""
    tz = ZoneInfo(zone)
    days: dict[date, list[Slot]] = {}
    for slot in sorted(slots):
        days.setdefault(slot.starts_at.astimezone(tz).date(), []).append(slot)
    return list(days.items())
