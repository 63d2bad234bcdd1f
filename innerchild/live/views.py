from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode
from uuid import UUID

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_countries import countries

from innerchild.care import api as care
from innerchild.journal import api as journal
from innerchild.live.access import get_seat_by_code, get_seat_for
from innerchild.live.forms import JoinForm, SummaryForm
from innerchild.live.janus import janus_configured
from innerchild.safety import api as safety


def room_csp(view):
    """The room talks to its WebSocket on the same host: allow exactly that, on this view only."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        host = request.get_host()
        response._csp_update = {"connect-src": [f"wss://{host}", f"ws://{host}"]}
        return response

    return wrapped


def _strings() -> dict:
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected"),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "offline": _("Could not reconnect. Check your internet connection and reload the page."),
        "media_connecting": _("Connecting video…"),
        "media_connected": _("Video connected"),
        "media_failed": _("Video could not connect. You can keep talking in the chat."),
        "audio_only": _("No camera available: you are on audio only."),
        "chat_only": _("No camera or microphone available: you can talk in the chat."),
        "camera_lost": _("The camera stopped: you are on audio only now."),
        "mic_on": _("Mute microphone"),
        "mic_off": _("Unmute microphone"),
        "cam_on": _("Turn camera off"),
        "cam_off": _("Turn camera on"),
        "share": _("Share screen"),
        "stop_share": _("Stop sharing"),
        "waiting": _("Waiting for the facilitator to let you in."),
        "facilitator_away": _(
            "The facilitator is disconnected. They may come back in a moment. "
            "Meanwhile, you might ground yourself: feel your feet on the floor and breathe out slowly."
        ),
        "member_away": _("%(name)s is disconnected."),
        "ready": _("Ready"),
        "not_ready": _("Not ready yet"),
        "admit": _("Admit %(name)s"),
        "online": _("online"),
        "offline_person": _("not connected"),
        "private_yes": _("somewhere private"),
        "private_no": _("not somewhere private"),
        "no_location": _("location not confirmed yet"),
        "step_of": _("Step %(n)s of %(count)s"),
        "next_step": _("Next step"),
        "last_step": _("This is the last step."),
        "paused": _("Paused"),
        "paused_by_member": _("Paused: the member asked for a break."),
        "resume": _("Resume"),
        "pause": _("Pause"),
        "no_script": _("No guided script yet."),
        "answer_saved": _("Saved and shared with your facilitator."),
        "distress": _("Distress %(rating)s of 10"),
        "feelings": _("Feelings: %(list)s"),
        "ask_distress": _("How distressed do you feel right now, from 0 (calm) to 10 (the most)?"),
        "ask_feelings": _("Which feelings are here right now?"),
        "you": _("You"),
        "remote_video": _("Video of %(name)s"),
        "group_needs_server": _("Group video needs the media server."),
        "ended": _("The session has ended. Thank you for taking part."),
        "step_types": {
            "checkin": _("Check-in"),
            "intention": _("Intention"),
            "grounding": _("Grounding"),
            "breath": _("Breathing"),
            "visualization": _("Visualization"),
            "prompt": _("Writing"),
            "choice": _("A choice"),
            "reparent": _("Comforting words"),
            "closing": _("Closing"),
            "reflection": _("Reflection"),
            "trigger": _("A moment that hurt"),
        },
    }


@login_required
@room_csp
def room(request: HttpRequest, booking_id: UUID) -> HttpResponse:
    seat = get_seat_for(request.user, booking_id)
    now = timezone.now()
    room_url = reverse("live:room", args=[booking_id])
    config = {
        "room": str(booking_id),
        "socket": f"/ws/live/{booking_id}/",
        "me": request.user.pk,
        "role": seat.participant.role,
        "mode": seat.room.mode,
        "phone": request.GET.get("phone") == "1",
        "strings": _strings(),
    }
    context = {
        "seat": seat,
        "room": seat.room,
        "booking": seat.booking,
        "config": config,
        "is_open": seat.room.is_open(now),
        "not_yet": now < seat.room.opens_at,
        "too_large": seat.too_large,
        "media_server": seat.booking.is_group and janus_configured(),
        "mesh_max": settings.LIVE_MESH_MAX_PEOPLE,
        "countries": list(countries),
        "my_country": str(request.user.country or ""),
        "feeling_families": journal.feeling_families(),
        "ratings": range(11),
        "pause_url": safety.pause_url(return_to=room_url),
        "crisis_url": safety.crisis_url(next_url=room_url),
        "phone": config["phone"],
    }
    if seat.is_facilitator:
        if seat.room.mode == "in_person" and seat.room.join_code:
            context["join_qr"] = join_qr_svg(request, seat.room.join_code)
        context["notes_url"] = care.notes_url(request.user, booking_id)
        context["summary_form"] = SummaryForm(members=seat.booking.attendee_names)
    return render(request, "live/room.html", context)


@login_required
def join(request: HttpRequest) -> HttpResponse:
    # The QR code on the facilitator's screen opens this page with the code filled in; joining
    # stays a press of the button (a POST), as when the code is typed.
    form = JoinForm(
        request.POST if request.method == "POST" else None,
        initial={"code": request.GET.get("code", "")[:12]},
    )
    if request.method == "POST" and form.is_valid():
        seat = get_seat_by_code(request.user, form.cleaned_data["code"])
        if seat is not None:
            return redirect(reverse("live:room", args=[seat.room.booking_id]) + "?phone=1")
        form.add_error("code", _("No session of yours has this code. Check it and try again."))
    status = 422 if request.method == "POST" else 200
    return render(request, "live/join.html", {"form": form}, status=status)


def join_qr_svg(request: HttpRequest, code: str) -> str:
    """An inline SVG QR code of the join page with the code in it, for the member's phone camera
    (drawn on the server: no script, no third-party request)."""
    url = request.build_absolute_uri(reverse("live:join")) + "?" + urlencode({"code": code})
    title = _("QR code: opens the join page with the code %(code)s on the member's phone") % {
        "code": code
    }
    svg = segno.make(url, error="m").svg_inline(scale=4, title=title, border=2)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)


@login_required
@require_POST
@sensitive_post_parameters("body")
def summary(request: HttpRequest, booking_id: UUID) -> HttpResponse:
    """The facilitator sends a member a summary of the session, which the member keeps."""
    seat = get_seat_for(request.user, booking_id)
    if not seat.is_facilitator:
        raise Http404
    form = SummaryForm(request.POST, members=seat.booking.attendee_names)
    room_url = reverse("live:room", args=[booking_id])
    if form.is_valid():
        member = get_user_model().objects.get(pk=form.cleaned_data["member"])
        try:
            care.send_summary(request.user, member, booking_id, form.cleaned_data["body"])
        except ValueError:
            messages.error(request, _("The summary could not be sent: you are no longer linked."))
        else:
            messages.success(request, _("Summary sent. %(name)s keeps it.") % {"name": member})
        return redirect(room_url)
    messages.error(request, _("The summary was empty, so nothing was sent."))
    return redirect(room_url)
