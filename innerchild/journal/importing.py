"""Import from jrnl's JSON export, a folder of Markdown files, or this app's own export.

Everything is parsed and checked before anything is written, and written in one transaction:
a malformed file stops the import with its position and leaves the journal as it was.
Importing the same file twice adds nothing the second time: each entry's content fingerprint
(a keyed hash, see search.Hasher.fingerprint) is compared with those already saved.
"""

from __future__ import annotations

import json
import re
import zipfile
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from innerchild.core import jsonbody
from innerchild.core.signs import sign_ids
from innerchild.journal import actions, photos, search, vocab
from innerchild.journal.models import MAX_BODY_CHARS, Affirmation, Entry, Kind, YoungerSelf


class ImportProblem(ValueError):
    """A file that cannot be imported; the message names the file and the position."""


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    affirmations: int = 0
    profile: bool = False
    photo: bool = False
    source_format: str = ""

    def summary(self) -> str:
        parts = [
            f"{self.created} entr{'y' if self.created == 1 else 'ies'} imported",
            f"{self.duplicates} already there",
        ]
        if self.affirmations:
            parts.append(f"{self.affirmations} affirmation(s)")
        if self.profile:
            parts.append("younger-self profile")
        if self.photo:
            parts.append("photo")
        return f"{self.source_format}: " + ", ".join(parts) + "."


@dataclass
class Parsed:
    entries: list[tuple[str, actions.EntryData]] = field(default_factory=list)
    affirmations: list[str] = field(default_factory=list)
    profile: dict | None = None
    photo: bytes | None = None
    source_format: str = ""


def _zone(user):
    try:
        return zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _item_lines(text: str, key: str) -> list[int]:
    """1-based line of each item of the top-level array `key` (only computed for errors)."""
    match = re.search(rf'"{key}"\s*:\s*\[', text)
    if not match:
        return []
    decoder, pos, lines = json.JSONDecoder(), match.end(), []
    whitespace = re.compile(r"[\s,]*")
    while True:
        pos = whitespace.match(text, pos).end()
        if pos >= len(text) or text[pos] == "]":
            return lines
        lines.append(text.count("\n", 0, pos) + 1)
        try:
            _value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return lines


def _text(value, where: str, name: str, limit: int = MAX_BODY_CHARS) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImproperEntry(f"{where}: {name} must be text")
    if len(value) > limit:
        raise ImproperEntry(f"{where}: {name} is longer than {limit:,} characters")
    return value


class ImproperEntry(ValueError):
    pass


def _scale(value, where, name, low, high):
    if value in (None, ""):
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ImproperEntry(f"{where}: {name} must be a whole number from {low} to {high}")
    return value


def _tags(value, where) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ImproperEntry(f"{where}: tags must be a list of text")
    return value


def _own_record(record, where: str) -> actions.EntryData:
    if not isinstance(record, dict):
        raise ImproperEntry(f"{where}: each entry must be an object")
    kind = record.get("kind", Kind.ENTRY)
    if kind not in Kind.values:
        raise ImproperEntry(f"{where}: unknown kind {kind!r}")
    created = parse_datetime(str(record.get("created_at") or ""))
    if created is None or timezone.is_naive(created):
        raise ImproperEntry(f"{where}: created_at must be a date and time with its offset")
    details = record.get("details") or {}
    if not isinstance(details, dict):
        raise ImproperEntry(f"{where}: details must be an object")
    if len(json.dumps(details)) > 2 * MAX_BODY_CHARS:
        raise ImproperEntry(f"{where}: details are too long")
    emotion = record.get("emotion") or ""
    need = record.get("need") or ""
    return actions.EntryData(
        kind=kind,
        title=_text(record.get("title"), where, "title", 200),
        body=_text(record.get("body"), where, "body"),
        tags=_tags(record.get("tags"), where),
        signs=[s for s in record.get("signs") or [] if s in sign_ids()],
        emotion=emotion if emotion in vocab.feeling_index() else "",
        pleasantness=_scale(record.get("pleasantness"), where, "pleasantness", 1, 5),
        energy=_scale(record.get("energy"), where, "energy", 1, 5),
        intensity=_scale(record.get("intensity"), where, "intensity", 0, 10),
        need=need if need in {n.id for n in vocab.needs()} else "",
        details=details,
        prompt_id=str(record.get("prompt_id") or "")[:64],
        created_at=created,
    )


def _jrnl_record(record, where: str, zone) -> actions.EntryData:
    if not isinstance(record, dict):
        raise ImproperEntry(f"{where}: each entry must be an object")
    try:
        day = date.fromisoformat(str(record.get("date", "")))
    except ValueError:
        raise ImproperEntry(f"{where}: date must look like 2024-01-31") from None
    try:
        clock = time.fromisoformat(str(record.get("time") or "00:00"))
    except ValueError:
        raise ImproperEntry(f"{where}: time must look like 09:30") from None
    return actions.EntryData(
        title=_text(record.get("title"), where, "title", 200),
        body=_text(record.get("body"), where, "body"),
        tags=[t.lstrip("@#") for t in _tags(record.get("tags"), where)],
        created_at=datetime.combine(day, clock, tzinfo=zone),
    )


def _parse_json_text(text: str, name: str, user, parsed: Parsed) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"{name}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ImportProblem(f"{name}:1: the JSON is nested too deeply") from None
    try:
        jsonbody.check(data)
    except jsonbody.BadJson as exc:
        raise ImportProblem(f"{name}:1: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("journal"), dict):
        data = data["journal"]  # the account's whole "export my data" file
    if isinstance(data, dict) and "entries" not in data and "date" in data:
        data = {"entries": [data]}  # jrnl's one-file-per-entry export
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportProblem(f'{name}:1: expected an object with a list of "entries"')
    own = data.get("format") == "innerchild-journal"
    parsed.source_format = "innerchild export" if own else "jrnl JSON"
    zone = _zone(user)
    for index, record in enumerate(data["entries"]):
        where = f"entries[{index}]"
        try:
            entry = _own_record(record, where) if own else _jrnl_record(record, where, zone)
        except ImproperEntry as exc:
            lines = _item_lines(text, "entries")
            line = lines[index] if index < len(lines) else 1
            raise ImportProblem(f"{name}:{line}: {exc}") from None
        parsed.entries.append((where, entry))
    if own:
        for item in data.get("affirmations") or []:
            if (
                isinstance(item, dict)
                and isinstance(item.get("text"), str)
                and item["text"].strip()
            ):
                parsed.affirmations.append(item["text"].strip()[:300])
        profile = data.get("younger_self")
        if isinstance(profile, dict):
            parsed.profile = {
                k: str(profile.get(k) or "")[:5000]
                for k in ("name", "ages", "needed", "comforting_words")
            }


FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
FILENAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def _markdown_entry(path: Path, text: str, zone) -> actions.EntryData:
    meta: dict = {}
    body = text
    match = FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark else 1
            raise ImportProblem(f"{path}:{line}: the front matter is not valid YAML") from None
        if not isinstance(meta, dict):
            raise ImportProblem(f"{path}:2: the front matter must be a list of key: value lines")
        body = text[match.end() :]
    lines = body.lstrip("\n").split("\n")
    title = str(meta.get("title") or "")
    if lines and lines[0].startswith("# "):
        title = title or lines[0][2:].strip()
        lines = lines[1:]
    body = "\n".join(lines).strip("\n")
    if len(body) > MAX_BODY_CHARS:
        raise ImportProblem(f"{path}:1: longer than {MAX_BODY_CHARS:,} characters")
    created = meta.get("date")
    if isinstance(created, datetime):
        created = created if timezone.is_aware(created) else created.replace(tzinfo=zone)
    elif isinstance(created, date):
        created = datetime.combine(created, time(), tzinfo=zone)
    elif isinstance(created, str) and parse_datetime(created):
        created = parse_datetime(created)
        created = created if timezone.is_aware(created) else created.replace(tzinfo=zone)
    elif created is not None:
        raise ImportProblem(f"{path}:2: date must look like 2024-01-31 or 2024-01-31T09:30")
    else:
        found = FILENAME_DATE.search(path.name)
        if found:
            created = datetime.combine(date.fromisoformat(found.group(1)), time(), tzinfo=zone)
        else:
            created = datetime.fromtimestamp(path.stat().st_mtime, tz=zone)
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t for t in tags.split(",") if t.strip()]
    kind = (
        meta.get("kind")
        if meta.get("kind") in (Kind.ENTRY, Kind.LETTER_TO, Kind.LETTER_FROM, Kind.SESSION)
        else Kind.ENTRY
    )
    return actions.EntryData(
        kind=kind,
        title=title[:200],
        body=body,
        tags=[str(t) for t in tags] if isinstance(tags, list) else [],
        signs=[s for s in meta.get("signs") or [] if s in sign_ids()],
        emotion=meta.get("emotion") if meta.get("emotion") in vocab.feeling_index() else "",
        created_at=created,
    )


def _parse_folder(folder: Path, user, parsed: Parsed) -> None:
    parsed.source_format = "Markdown folder"
    zone = _zone(user)
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".md", ".markdown"})
    json_files = sorted(p for p in folder.rglob("*.json"))
    if not files and not json_files:
        raise ImportProblem(f"{folder}: no .md or .json files found")
    for path in json_files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ImportProblem(f"{path}:1: not UTF-8 text (byte {exc.start})") from None
        _parse_json_text(text, str(path), user, parsed)
    parsed.source_format = "folder"
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ImportProblem(f"{path}:1: not UTF-8 text (byte {exc.start})") from None
        parsed.entries.append((str(path), _markdown_entry(path, text, zone)))


def _parse_zip(path: Path, user, parsed: Parsed) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ImportProblem(f"{path}:1: not a zip file") from None
    with archive:
        names = set(archive.namelist())
        for candidate in ("journal.json", "data.json"):
            if candidate in names:
                text = archive.read(candidate).decode("utf-8")
                _parse_json_text(text, f"{path}!{candidate}", user, parsed)
                break
        else:
            raise ImportProblem(f"{path}: no journal.json or data.json inside")
        for photo_name in ("younger-self.jpg", "journal/younger-self.jpg"):
            if photo_name in names:
                parsed.photo = archive.read(photo_name)


def parse_source(path: Path, user) -> Parsed:
    parsed = Parsed()
    if path.is_dir():
        _parse_folder(path, user, parsed)
    elif zipfile.is_zipfile(path):
        _parse_zip(path, user, parsed)
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ImportProblem(f"{path}:1: not UTF-8 text (byte {exc.start})") from None
        _parse_json_text(text, str(path), user, parsed)
    return parsed


def import_parsed(user, parsed: Parsed) -> ImportReport:
    report = ImportReport(source_format=parsed.source_format)
    hasher = search.hasher_for(user)
    with transaction.atomic():
        known = set(
            Entry.objects.filter(owner=user)
            .exclude(fingerprint="")
            .values_list("fingerprint", flat=True)
        )
        for _where, data in parsed.entries:
            probe = Entry(
                kind=data.kind,
                created_at=data.created_at,
                title=data.title,
                body=data.body,
                details=json.dumps(data.details, ensure_ascii=False) if data.details else "",
            )
            fingerprint = hasher.fingerprint(*actions.fingerprint_parts(probe))
            if fingerprint in known:
                report.duplicates += 1
                continue
            actions.do_create_entry(user, data, hasher=hasher)
            known.add(fingerprint)
            report.created += 1
        existing = set(Affirmation.objects.filter(owner=user).values_list("text", flat=True))
        for text in parsed.affirmations:
            if text not in existing:
                actions.do_add_affirmation(user, text)
                existing.add(text)
                report.affirmations += 1
        profile = YoungerSelf.objects.filter(owner=user).defer("photo").first()
        if (
            parsed.profile
            and any(parsed.profile.values())
            and (
                profile is None
                or not any((profile.name, profile.ages, profile.needed, profile.comforting_words))
            )
        ):
            actions.do_save_younger_self(user, **parsed.profile)
            report.profile = True
        if parsed.photo and (profile is None or not profile.has_photo):
            try:
                actions.do_set_younger_self_photo(user, photos.prepare_photo(parsed.photo))
                report.photo = True
            except photos.PhotoRejected:
                pass
    return report


def import_path(user, path: Path) -> ImportReport:
    return import_parsed(user, parse_source(Path(path), user))
