"""Fields shared by care forms."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LocalDateField(forms.DateField):
    """A date picked in the person's own time zone; `end_of_day_utc` turns it into the instant
    at which a share or an unlock ends (the end of that day where the person lives)."""

    widget = forms.DateInput(attrs={"type": "date"})


def end_of_day_utc(day, tz_name: str) -> datetime:
    try:
        zone = zoneinfo.ZoneInfo(tz_name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone).astimezone(zoneinfo.ZoneInfo("UTC"))


def validate_future_day(day, tz_name: str):
    if day is not None and end_of_day_utc(day, tz_name) <= timezone.now():
        raise forms.ValidationError(_("Pick a date from today on."), code="past")
    return day
