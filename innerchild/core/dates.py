"""How a date or a time is shown to a person: one style everywhere, in their language and their
time zone ("25 November 2026, 14:30", "25 de noviembre de 2026, 14:30").

Templates use the `when` filter (`{% load when %}`), which wraps the text in a <time> element
whose `datetime` attribute stays ISO for machines. Python code that writes for a person (an
email, a label in a form) uses `shown()`, which gives the same text.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import get_language, pgettext

STYLES = ("datetime", "day", "weekday", "time")


def _formats() -> dict[str, str]:
    return _formats_in(get_language())


@lru_cache(maxsize=32)
def _formats_in(language: str | None) -> dict[str, str]:
    # Django date-format strings, translated so each language orders and joins the parts its way.
    # Looked up once per language: a page listing fifty dates asked the catalogue 200 times.
    return {
        "day": pgettext("date format", "j F Y"),
        "datetime": pgettext("date format", "j F Y, H:i"),
        "weekday": pgettext("date format", "l j F Y"),
        "weekday_datetime": pgettext("date format", "l j F Y, H:i"),
        "time": "H:i",
    }


def _local(value, zone=None):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, zone)
    return value


def _format_name(value, style: str) -> str:
    is_datetime = isinstance(value, datetime.datetime)
    if style == "time":
        return "time"
    if style == "day":
        return "day"
    if style == "weekday":
        return "weekday_datetime" if is_datetime else "weekday"
    return "datetime" if is_datetime else "day"


def shown(value, style: str = "datetime", zone=None) -> str:
    """The text a person reads for `value` (a date or an aware datetime), in the active language
    and time zone. `style`: "datetime" (a date shows its day only), "day", "weekday" (the day
    with its weekday, and the time for a datetime), "time". `zone`: another time zone than the
    active one (an email to someone else)."""
    if value in (None, ""):
        return ""
    if style not in STYLES:
        raise ValueError(f"unknown date style {style!r}")
    if isinstance(value, datetime.time):
        return dateformat.time_format(value, "H:i")
    if not isinstance(value, datetime.date):
        return str(value)  # never a server error for a value that is not a date
    local = _local(value, zone)
    return dateformat.format(local, _formats()[_format_name(local, style)])


def machine(value, style: str = "datetime") -> str:
    """The ISO value for a <time datetime="..."> attribute."""
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if not isinstance(value, datetime.date):
        return str(value)
    local = _local(value)
    if isinstance(local, datetime.datetime) and style in ("datetime", "weekday", "time"):
        return local.isoformat(timespec="seconds")
    if isinstance(local, datetime.datetime):
        return local.date().isoformat()
    return local.isoformat()


def shown_html(value, style: str = "datetime") -> str:
    if value in (None, ""):
        return ""
    return format_html('<time datetime="{}">{}</time>', machine(value, style), shown(value, style))
