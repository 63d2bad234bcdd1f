"""A facilitator's own records, for them to keep: every private note (with its amendments and
whether it was locked), every summary they sent, and every session, for every client they have
worked with, including links that have ended (no page shows those notes any more, and
practitioners are usually required to keep their records for years).

The zip holds one Markdown file per client, for reading, and `records.json`, for other software.
Times are written in the facilitator's time zone, with its offset. It is plaintext on purpose,
like a person's own export (docs/privacy.md): the facilitator downloads it after confirming it is
them, and the audit log records that it happened, never what it held.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zoneinfo
from collections import defaultdict
from datetime import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from innerchild.care.forms.notes import section_labels
from innerchild.care.models import Booking, CareLink, Note, SharedSummary
from innerchild.core import dates


def _zone(user):
    try:
        return zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _iso(value, zone) -> str | None:
    return timezone.localtime(value, zone).isoformat(timespec="seconds") if value else None


def _folder_name(name: str, link_id) -> str:
    # Names are the member's own words: only letters, digits and dashes reach a file name.
    slug = re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-")[:40] or "client"
    return f"{slug}-{str(link_id)[:8]}"


def practice_records(facilitator) -> dict:
    """Everything the zip holds, as data: {"clients": [...]} in the facilitator's time zone."""
    zone = _zone(facilitator)
    links = list(
        CareLink.objects.filter(facilitator=facilitator).select_related("member").order_by("id")
    )
    notes_by_link = defaultdict(list)
    # Written order; an amendment made in the same instant as its note still comes after it.
    ordered = Note.objects.filter(link__facilitator=facilitator).order_by(
        "created_at", F("amends").asc(nulls_first=True), "id"
    )
    for note in ordered:
        notes_by_link[note.link_id].append(note)
    summaries_by_member = defaultdict(list)
    for summary in SharedSummary.objects.filter(facilitator=facilitator).order_by("sent_at"):
        summaries_by_member[summary.member_id].append(summary)
    sessions_by_member = defaultdict(list)
    bookings = (
        Booking.objects.filter(facilitator=facilitator)
        .prefetch_related("attendees")
        .order_by("starts_at")
    )
    for booking in bookings:
        for attendee in booking.attendees.all():
            sessions_by_member[attendee.pk].append(booking)
    clients = []
    for link in sorted(links, key=lambda each: each.member.display_name.casefold()):
        clients.append(
            {
                "name": link.member.display_name,
                "link": str(link.id),
                "started": _iso(link.started_at, zone),
                "ended": _iso(link.ended_at, zone),
                "notes": [_note_data(note, zone) for note in notes_by_link[link.id]],
                "summaries_sent": [
                    {"sent": _iso(summary.sent_at, zone), "text": summary.body}
                    for summary in summaries_by_member[link.member_id]
                ],
                "sessions": [
                    {
                        "starts": _iso(booking.starts_at, zone),
                        "ends": _iso(booking.ends_at, zone),
                        "mode": booking.mode,
                        "status": booking.status,
                        "group": booking.is_group,
                    }
                    for booking in sessions_by_member[link.member_id]
                ],
            }
        )
    return {
        "exported": _iso(timezone.now(), zone),
        "time_zone": str(zone),
        "clients": clients,
    }


def _note_data(note: Note, zone) -> dict:
    data = note.section_data
    return {
        "id": str(note.id),
        "template": note.template,
        "written": _iso(note.created_at, zone),
        "changed": _iso(note.updated_at, zone),
        "locked": _iso(note.locked_at, zone),
        "amends": str(note.amends_id) if note.amends_id else None,
        "session": str(note.booking_id) if note.booking_id else None,
        "sections": [
            {"heading": str(label), "text": data.get(key, "")}
            for key, label in section_labels(note.template)
        ],
    }


def _client_markdown(client: dict, zone) -> str:
    def when(iso: str | None) -> str:
        return dates.shown(datetime.fromisoformat(iso), zone=zone) if iso else ""

    lines = [f"# {client['name']}", ""]
    period = _("Worked together from %(start)s") % {"start": when(client["started"])}
    if client["ended"]:
        period += " " + _("to %(end)s") % {"end": when(client["ended"])}
    lines += [period, ""]
    lines += ["## " + _("Notes"), ""]
    if not client["notes"]:
        lines += [_("No notes."), ""]
    for note in client["notes"]:
        heading = when(note["written"])
        if note["amends"]:
            heading += " · " + _("amendment to the note %(id)s") % {"id": note["amends"][:8]}
        if note["locked"]:
            heading += " · " + _("locked %(when)s") % {"when": when(note["locked"])}
        lines += [f"### {heading} ({note['id'][:8]})", ""]
        for section in note["sections"]:
            if section["text"]:
                lines += [f"**{section['heading']}**", "", section["text"], ""]
    lines += ["## " + _("Summaries sent to the client"), ""]
    if not client["summaries_sent"]:
        lines += [_("None."), ""]
    for summary in client["summaries_sent"]:
        lines += [f"### {when(summary['sent'])}", "", summary["text"], ""]
    lines += ["## " + _("Sessions"), ""]
    if not client["sessions"]:
        lines += [_("None."), ""]
    for session in client["sessions"]:
        lines.append(f"- {when(session['starts'])} ({session['mode']}, {session['status']})")
    return "\n".join(lines).rstrip() + "\n"


def practice_records_zip(facilitator) -> bytes:
    data = practice_records(facilitator)
    zone = _zone(facilitator)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "records.json", json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)
        )
        for client in data["clients"]:
            archive.writestr(
                f"clients/{_folder_name(client['name'], client['link'])}.md",
                _client_markdown(client, zone),
            )
    return buffer.getvalue()
