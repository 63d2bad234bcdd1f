"""Export: one JSON document plus one Markdown file per entry (and the photo, if any).

The JSON is this app's own format and round-trips through `innerchild journal import`. Dates and
times are written in the person's time zone with its offset (an entry written at 20:00 in
Chicago reads `20:00-05:00`, not `01:00+00:00` the next day), and the zone is named in the data.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zoneinfo
from datetime import datetime, tzinfo

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from innerchild.journal.models import Affirmation, Draft, Entry, Kind, YoungerSelf

FORMAT = "innerchild-journal"
VERSION = 1


def person_zone(user) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _stamp(moment: datetime, zone: tzinfo | None) -> str:
    return (moment.astimezone(zone) if zone else moment).isoformat()


def entry_record(entry: Entry, zone: tzinfo | None = None) -> dict:
    """One entry as plain data: the export's format and the JSON API's, so they never drift.
    With `zone`, dates are written in it (with its offset), as the person reads them."""
    return {
        "id": str(entry.id),
        "kind": entry.kind,
        "created_at": _stamp(entry.created_at, zone),
        "updated_at": _stamp(entry.updated_at, zone),
        "title": entry.title,
        "body": entry.body,
        "tags": entry.tag_list,
        "signs": entry.sign_list,
        "emotion": entry.emotion,
        "pleasantness": entry.pleasantness,
        "energy": entry.energy,
        "details": entry.detail_data,
        "intensity": entry.intensity,
        "need": entry.need,
        "prompt_id": entry.prompt_id,
        "source": entry.source,
        "insights": {
            "valence": entry.valence,
            "families": entry.insight_families,
            "signs": entry.insight_signs,
            "self_criticism_markers": entry.criticism_markers,
            "self_compassion_markers": entry.compassion_markers,
        },
        "url": entry.get_absolute_url(),
    }


def export_data(user) -> dict:
    entries = Entry.objects.filter(owner=user).order_by("created_at", "id")
    profile = YoungerSelf.objects.filter(owner=user).defer("photo").first()
    zone = person_zone(user)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _stamp(timezone.now(), zone),
        "timezone": str(zone),
        "entries": [entry_record(e, zone) for e in entries.iterator(chunk_size=500)],
        "affirmations": [
            {"text": a.text, "created_at": _stamp(a.created_at, zone)}
            for a in Affirmation.objects.filter(owner=user)
        ],
        "younger_self": (
            {
                "name": profile.name,
                "ages": profile.ages,
                "needed": profile.needed,
                "comforting_words": profile.comforting_words,
                "photo": "younger-self.jpg" if profile.has_photo else None,
            }
            if profile
            else None
        ),
        # Autosaved and not yet saved as entries: still the person's words.
        "drafts": [
            {"form": d.slot, "saved_at": _stamp(d.updated_at, zone), "fields": d.data}
            for d in Draft.objects.filter(owner=user).order_by("updated_at", "id")
        ],
    }


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")
    return slug[:40] or "entry"


def _yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def entry_markdown(record: dict) -> str:
    lines = ["---"]
    lines.append(f"title: {_yaml_string(record['title'])}")
    lines.append(f"date: {record['created_at']}")
    lines.append(f"kind: {record['kind']}")
    if record["tags"]:
        lines.append("tags: [" + ", ".join(_yaml_string(t) for t in record["tags"]) + "]")
    if record["signs"]:
        lines.append("signs: [" + ", ".join(record["signs"]) + "]")
    if record["emotion"]:
        lines.append(f"emotion: {record['emotion']}")
    for key in ("pleasantness", "energy", "intensity"):
        if record[key] is not None:
            lines.append(f"{key}: {record[key]}")
    if record["need"]:
        lines.append(f"need: {record['need']}")
    lines.append("---")
    lines.append("")
    if record["title"]:
        lines += [f"# {record['title']}", ""]
    details = record["details"] or {}
    if record["kind"] == Kind.DIALOGUE:
        names = {"now": "Me now", "little": "Little me"}
        for turn in details.get("turns", []):
            lines += [f"**{names.get(turn['voice'], turn['voice'])}:** {turn['text']}", ""]
    elif record["kind"] == Kind.TRIGGER:
        for key, value in details.items():
            if value:
                lines += [f"## {key.replace('_', ' ').capitalize()}", "", str(value), ""]
    if record["body"]:
        lines += [record["body"], ""]
    return "\n".join(lines)


def export_files(user, data: dict) -> dict[str, bytes]:
    files = {}
    for record in data["entries"]:
        name = f"entries/{record['created_at'][:10]}-{_slug(record['title'] or record['kind'])}-{record['id'][:8]}.md"
        files[name] = entry_markdown(record).encode("utf-8")
    if data["younger_self"] and data["younger_self"]["photo"]:
        photo = YoungerSelf.objects.filter(owner=user).values_list("photo", flat=True).first()
        if photo:
            files["younger-self.jpg"] = bytes(photo)
    return files


def build_zip(user) -> bytes:
    data = export_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "journal.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        for name, content in export_files(user, data).items():
            archive.writestr(name, content)
    return buffer.getvalue()
