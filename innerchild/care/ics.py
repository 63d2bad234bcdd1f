"""iCalendar for bookings: the invitation attached to each booking email and the private feed.

Built with the `icalendar` library. Titles carry no health details: a first name or an initial,
never what the session is about. Every event of one booking has the same UID; its SEQUENCE is the
booking's, raised on each change, so calendar apps replace their copy instead of adding one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from innerchild.care.models import Booking, BookingMode, BookingStatus

PRODID = "-//innerchild//care scheduling//EN"
UID_DOMAIN = "innerchild.care"


def first_name(person) -> str:
    name = (person.display_name or "").strip()
    return name.split()[0] if name else ""


def initial(person) -> str:
    name = first_name(person)
    return f"{name[0]}." if name else ""


def uid_for(booking: Booking) -> str:
    return f"booking-{booking.id}@{UID_DOMAIN}"


def title_for(booking: Booking, viewer, attendees: list) -> str:
    """ "Session with Alice" on the facilitator's side; "Session with F." on a member's."""
    if booking.is_group or len(attendees) > 1:
        return _("Group session")
    if viewer.id == booking.facilitator_id:
        other = attendees[0] if attendees else None
        return _("Session with %(name)s") % {"name": first_name(other) if other else "?"}
    return _("Session with %(name)s") % {"name": initial(booking.facilitator)}


def location_for(booking: Booking) -> str:
    if booking.mode == BookingMode.IN_PERSON and booking.place:
        return booking.place
    return _("Online")


def _organizer() -> vCalAddress:
    address = settings.DEFAULT_FROM_EMAIL
    if "<" in address:
        address = address.split("<", 1)[1].rstrip(">")
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText("innerchild")
    return organizer


def booking_event(booking: Booking, viewer, *, cancelled: bool = False) -> Event:
    attendees = list(booking.attendees.all())
    event = Event()
    event.add("uid", uid_for(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", title_for(booking, viewer, attendees))
    event.add("location", location_for(booking))
    event.add("organizer", _organizer())
    # Only the person this copy is for: a group's members never see each other's addresses.
    attendee = vCalAddress(f"mailto:{viewer.email}")
    attendee.params["cn"] = vText(first_name(viewer))
    attendee.params["partstat"] = "ACCEPTED"
    event.add("attendee", attendee)
    if cancelled or booking.status in (BookingStatus.CANCELLED, BookingStatus.DECLINED):
        event.add("status", "CANCELLED")
    elif booking.status == BookingStatus.PROPOSED:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    return event


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def invitation(booking: Booking, viewer, *, cancelled: bool = False) -> bytes:
    """One booking as an invitation (METHOD:REQUEST) or its cancellation (METHOD:CANCEL)."""
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    calendar.add_component(booking_event(booking, viewer, cancelled=cancelled))
    return calendar.to_ical()


def feed(bookings: Iterable[Booking], viewer, *, name: str) -> bytes:
    """A person's upcoming bookings as a subscribable calendar (no METHOD: it is published)."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for booking in bookings:
        calendar.add_component(booking_event(booking, viewer))
    return calendar.to_ical()
