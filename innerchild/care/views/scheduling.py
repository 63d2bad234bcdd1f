"""Scheduling pages: the facilitator's availability and calendar, booking by members, proposals,
a booking's page with cancel and reschedule, and the private calendar feed."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.care import schedule_queries
from innerchild.care import slots as slot_rules
from innerchild.care.access import (
    booking_for,
    client_link_for,
    member_link_for,
    require_facilitator,
)
from innerchild.care.actions import bookings as actions
from innerchild.care.forms.scheduling import (
    WEEKDAYS,
    AvailabilityRuleForm,
    BookSlotForm,
    DaysAwayForm,
    FacilitatorRescheduleForm,
    GroupSessionForm,
    ProposeForm,
)
from innerchild.care.models import AvailabilityException, AvailabilityRule, CalendarFeed, CareLink

BOOKING_WEEKS = 3
NEW_FEED_SESSION_KEY = "care_new_feed"


def _zone(user) -> str:
    return user.timezone or "UTC"


def _local_today(user):
    return timezone.localdate(timezone=_zone_info(user))


def _zone_info(user) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(_zone(user))


def _availability_page(request, *, rule_form=None, away_form=None, status=200):
    user = request.user
    labels = dict(WEEKDAYS)
    rules = list(AvailabilityRule.objects.filter(facilitator=user))
    for rule in rules:
        rule.weekday_label = labels[rule.weekday]
    context = {
        "rules": rules,
        "days_away": AvailabilityException.objects.filter(
            facilitator=user, ends_on__gte=_local_today(user)
        ),
        "rule_form": rule_form or AvailabilityRuleForm(),
        "away_form": away_form or DaysAwayForm(),
        "zone": _zone(user),
    }
    return render(request, "care/scheduling/availability.html", context, status=status)


@login_required
@require_GET
def availability(request: HttpRequest) -> HttpResponse:
    require_facilitator(request.user)
    return _availability_page(request)


@login_required
@require_POST
def availability_add(request: HttpRequest) -> HttpResponse:
    require_facilitator(request.user)
    form = AvailabilityRuleForm(request.POST)
    if not form.is_valid():
        return _availability_page(request, rule_form=form, status=422)
    actions.do_add_availability_rule(request.user, form.cleaned_data)
    messages.success(request, _("Weekly window added."))
    return redirect("care:availability")


@login_required
@require_POST
def availability_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    require_facilitator(request.user)
    rule = get_object_or_404(AvailabilityRule, id=rule_id, facilitator=request.user)
    actions.do_delete_availability_rule(rule)
    messages.success(request, _("Weekly window removed. Sessions already booked stay."))
    return redirect("care:availability")


@login_required
@require_POST
def away_add(request: HttpRequest) -> HttpResponse:
    require_facilitator(request.user)
    form = DaysAwayForm(request.POST)
    if not form.is_valid():
        return _availability_page(request, away_form=form, status=422)
    actions.do_add_days_away(request.user, form.cleaned_data)
    messages.success(request, _("Days away added. Sessions already booked stay."))
    return redirect("care:availability")


@login_required
@require_POST
def away_delete(request: HttpRequest, away_id: int) -> HttpResponse:
    require_facilitator(request.user)
    away = get_object_or_404(AvailabilityException, id=away_id, facilitator=request.user)
    actions.do_delete_days_away(away)
    messages.success(request, _("Days away removed."))
    return redirect("care:availability")


@login_required
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """The facilitator's sessions: today, the rest of this week, and later."""
    require_facilitator(request.user)
    zone = _zone_info(request.user)
    today = _local_today(request.user)
    tomorrow = datetime.combine(today + timedelta(days=1), time(), tzinfo=zone)
    week_end = datetime.combine(today + timedelta(days=7 - today.weekday()), time(), tzinfo=zone)
    sessions = schedule_queries.upcoming_for_facilitator(request.user, limit=200)
    context = {
        "today": [s for s in sessions if s["starts_at"] < tomorrow],
        "this_week": [s for s in sessions if tomorrow <= s["starts_at"] < week_end],
        "later": [s for s in sessions if s["starts_at"] >= week_end],
        "zone": _zone(request.user),
        # Until staff verify them, facilitators prepare (availability) but do not propose.
        "verified": request.user.facilitator_verified,
        "links": CareLink.objects.active().filter(facilitator=request.user).select_related("member")
        if request.user.facilitator_verified
        else [],
    }
    return render(request, "care/scheduling/calendar.html", context)


@login_required
@require_GET
def my_sessions(request: HttpRequest) -> HttpResponse:
    """The member's upcoming sessions, proposals waiting for an answer, and where to book more."""
    context = {
        "sessions": schedule_queries.upcoming_for_member(request.user, limit=None),
        "links": CareLink.objects.active()
        .filter(member=request.user)
        .select_related("facilitator"),
        "zone": _zone(request.user),
    }
    return render(request, "care/scheduling/my_sessions.html", context)


def _offered_slots(viewer, facilitator, *, exclude=None):
    today = timezone.localdate(timezone=_zone_info(facilitator))
    slots = actions.open_slots_for(
        facilitator, today, today + timedelta(weeks=BOOKING_WEEKS), exclude=exclude
    )
    return slot_rules.group_by_local_day(slots, _zone(viewer))


@login_required
@require_http_methods(["GET", "POST"])
def book_session(request: HttpRequest, link_id) -> HttpResponse:
    link = member_link_for(request.user, link_id)
    form = BookSlotForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                booking = actions.do_book_slot(
                    member=request.user,
                    facilitator=link.facilitator,
                    starts_at=form.cleaned_data["starts_at"],
                )
            except actions.BookingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Your session is booked. We emailed you the details."))
                return redirect("care:booking", booking.id)
        status = 422
    context = {
        "link": link,
        "form": form,
        "days": _offered_slots(request.user, link.facilitator),
        "zone": _zone(request.user),
        "weeks": BOOKING_WEEKS,
    }
    return render(request, "care/scheduling/book.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def propose_session(request: HttpRequest, link_id) -> HttpResponse:
    link = client_link_for(request.user, link_id)
    form = ProposeForm(request.POST if request.method == "POST" else None, zone=_zone(request.user))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = actions.do_propose_booking(
                    facilitator=request.user,
                    members=[link.member],
                    starts_at=data["starts_at"],
                    minutes=data["minutes"],
                    mode=data["mode"],
                    place=data["place"],
                )
            except actions.BookingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Time proposed. Your client can accept or decline it."))
                return redirect("care:booking", booking.id)
        return render(
            request, "care/scheduling/propose.html", {"form": form, "link": link}, status=422
        )
    return render(request, "care/scheduling/propose.html", {"form": form, "link": link})


@login_required
@require_http_methods(["GET", "POST"])
def group_session(request: HttpRequest) -> HttpResponse:
    require_facilitator(request.user)
    if not request.user.facilitator_verified:
        raise Http404
    members = [
        link.member
        for link in CareLink.objects.active()
        .filter(facilitator=request.user)
        .select_related("member")
    ]
    form = GroupSessionForm(
        request.POST if request.method == "POST" else None,
        zone=_zone(request.user),
        members=members,
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = actions.do_propose_booking(
                    facilitator=request.user,
                    members=data["members"],
                    starts_at=data["starts_at"],
                    minutes=data["minutes"],
                    mode=data["mode"],
                    place=data["place"],
                )
            except actions.BookingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request, _("Group session created. Each member got an invitation.")
                )
                return redirect("care:booking", booking.id)
        return render(request, "care/scheduling/group.html", {"form": form}, status=422)
    return render(request, "care/scheduling/group.html", {"form": form})


def _join_url(booking) -> str | None:
    """Every open session has a room: by video, or in person with the member's phone."""
    if not booking.is_open:
        return None
    return reverse("live:room", args=[booking.id])


def _booking_page(request, booking, *, error: str = "", status: int = 200):
    is_facilitator = request.user.pk == booking.facilitator_id
    attendees = list(booking.attendees.all())
    may_change = booking.is_open and booking.starts_at > timezone.now()
    context = {
        "booking": booking,
        "attendees": attendees,
        "is_facilitator": is_facilitator,
        "join_url": _join_url(booking) if booking.is_open else None,
        "may_answer": booking.status == "proposed" and not is_facilitator,
        "may_change": may_change
        and (
            is_facilitator or (booking.status == "confirmed" and actions.member_may_change(booking))
        ),
        "may_move": is_facilitator or actions.member_may_move(booking),
        "too_late": may_change and not is_facilitator and not actions.member_may_change(booking),
        "notice_hours": int(actions.cancel_notice().total_seconds() // 3600),
        "error": error,
        "zone": _zone(request.user),
    }
    return render(request, "care/scheduling/booking.html", context, status=status)


@login_required
@require_GET
def booking(request: HttpRequest, booking_id) -> HttpResponse:
    return _booking_page(request, booking_for(request.user, booking_id))


def _act_on_booking(request, booking, act, done: str) -> HttpResponse:
    try:
        act(booking)
    except actions.BookingRefused as refused:
        return _booking_page(request, booking, error=str(refused), status=422)
    messages.success(request, done)
    return redirect("care:booking", booking.id)


@login_required
@require_GET
def booking_ics(request: HttpRequest, booking_id) -> HttpResponse:
    """The booking as an .ics file, for calendars without the feed ("Add to my calendar")."""
    from innerchild.care import ics

    booking = booking_for(request.user, booking_id)
    body = ics.invitation(booking, request.user, cancelled=not booking.is_open)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def booking_cancel(request: HttpRequest, booking_id) -> HttpResponse:
    return _act_on_booking(
        request,
        booking_for(request.user, booking_id),
        lambda booking: actions.do_cancel_booking(request.user, booking),
        _("The session is cancelled. Everyone was told by email."),
    )


def _member_booking(request, booking_id):
    """A booking the person attends (proposals are answered by members, not the facilitator)."""
    booking = booking_for(request.user, booking_id)
    if request.user.pk == booking.facilitator_id:
        raise Http404
    return booking


@login_required
@require_POST
def booking_accept(request: HttpRequest, booking_id) -> HttpResponse:
    return _act_on_booking(
        request,
        _member_booking(request, booking_id),
        lambda booking: actions.do_answer_proposal(request.user, booking, accept=True),
        _("Session confirmed. We emailed you the details."),
    )


@login_required
@require_POST
def booking_decline(request: HttpRequest, booking_id) -> HttpResponse:
    return _act_on_booking(
        request,
        _member_booking(request, booking_id),
        lambda booking: actions.do_answer_proposal(request.user, booking, accept=False),
        _("You declined the proposed time."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_reschedule(request: HttpRequest, booking_id) -> HttpResponse:
    booking = booking_for(request.user, booking_id)
    is_facilitator = request.user.pk == booking.facilitator_id
    if is_facilitator:
        form = FacilitatorRescheduleForm(
            request.POST if request.method == "POST" else None, zone=_zone(request.user)
        )
    else:
        form = BookSlotForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.do_reschedule_booking(request.user, booking, form.cleaned_data["starts_at"])
            except actions.BookingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("The session is moved. Everyone was told by email."))
                return redirect("care:booking", booking.id)
        status = 422
    context = {
        "booking": booking,
        "form": form,
        "is_facilitator": is_facilitator,
        "zone": _zone(request.user),
        "too_late": not is_facilitator and not actions.member_may_change(booking),
        "may_move": is_facilitator or actions.member_may_move(booking),
        "days": _offered_slots(request.user, booking.facilitator, exclude=booking)
        if not is_facilitator and actions.member_may_move(booking)
        else [],
    }
    return render(request, "care/scheduling/reschedule.html", context, status=status)


@login_required
@require_GET
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    token = request.session.pop(NEW_FEED_SESSION_KEY, None)
    context = {
        "has_feed": CalendarFeed.objects.filter(person=request.user).exists(),
        "feed_url": request.build_absolute_uri(reverse("care:calendar_feed", args=[token]))
        if token
        else None,
    }
    return render(request, "care/scheduling/feed.html", context)


@login_required
@require_POST
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    token = actions.do_reset_calendar_feed(request.user)
    # Shown once, on the next page; only its digest is stored.
    request.session[NEW_FEED_SESSION_KEY] = token
    messages.success(
        request, _("Your calendar has a new private address. The old one no longer works.")
    )
    return redirect("care:calendar_feed_settings")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    from innerchild.care import ics

    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(token_digest=actions.feed_digest(token), person__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    # Fetched by a calendar app, not the person's browser: titles in the person's own language.
    with translation.override(feed.person.language or settings.LANGUAGE_CODE):
        body = ics.feed(
            schedule_queries.feed_bookings(feed.person), feed.person, name=_("innerchild sessions")
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns = [
    path("schedule/availability/", availability, name="availability"),
    path("schedule/availability/windows/", availability_add, name="availability_add"),
    path(
        "schedule/availability/windows/<int:rule_id>/delete/",
        availability_delete,
        name="availability_delete",
    ),
    path("schedule/availability/away/", away_add, name="away_add"),
    path("schedule/availability/away/<int:away_id>/delete/", away_delete, name="away_delete"),
    path("schedule/calendar/", calendar, name="calendar"),
    path("schedule/clients/<uuid:link_id>/propose/", propose_session, name="propose_session"),
    path("schedule/group/new/", group_session, name="group_session"),
    path("schedule/sessions/", my_sessions, name="my_sessions"),
    path("schedule/links/<uuid:link_id>/book/", book_session, name="book_session"),
    path("schedule/bookings/<uuid:booking_id>/", booking, name="booking"),
    path("schedule/bookings/<uuid:booking_id>/session.ics", booking_ics, name="booking_ics"),
    path("schedule/bookings/<uuid:booking_id>/cancel/", booking_cancel, name="booking_cancel"),
    path(
        "schedule/bookings/<uuid:booking_id>/reschedule/",
        booking_reschedule,
        name="booking_reschedule",
    ),
    path("schedule/bookings/<uuid:booking_id>/accept/", booking_accept, name="booking_accept"),
    path("schedule/bookings/<uuid:booking_id>/decline/", booking_decline, name="booking_decline"),
    path("schedule/calendar-feed/", calendar_feed_settings, name="calendar_feed_settings"),
    path("schedule/calendar-feed/reset/", calendar_feed_reset, name="calendar_feed_reset"),
    path("schedule/feed/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
