"""Import from jrnl (JSON or Markdown export), Day One (JSON or its zip), Journiv (its zip or
data.json), a folder of Markdown files, or this app's own export. The format is recognised from
the content, not the file name.

Everything is parsed and checked before anything is written, and written in one transaction:
a malformed file stops the import with its position and leaves the journal as it was.
Importing the same file twice adds nothing the second time: each entry's content fingerprint
(a keyed hash, see search.Hasher.fingerprint) is compared with those already saved.
"""

from __future__ import annotations

import io
import json
import logging
import re
import zipfile
import zlib
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from innerchild.core import jsonbody
from innerchild.core.signs import sign_ids
from innerchild.journal import actions, photos, search, vocab
from innerchild.journal.models import (
    MAX_BODY_CHARS,
    MAX_TITLE_CHARS,
    Affirmation,
    Entry,
    ImportUpload,
    Kind,
    YoungerSelf,
)

logger = logging.getLogger("innerchild.journal")


class ImportProblem(ValueError):
    """A file that cannot be imported; the message names the file and the position."""


# The largest file a person may upload, and the most a zip may unpack to: everything is read in
# memory (never a temporary file), so these bound the memory one import can take.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def upload_limit() -> int:
    """Bytes an uploaded file may have; never above what Django keeps in memory."""
    return min(MAX_UPLOAD_BYTES, settings.FILE_UPLOAD_MAX_MEMORY_SIZE)


# What each source is called in a summary (names of products, not translated).
FORMAT_LABELS = {
    "innerchild": "innerchild export",
    "jrnl-json": "jrnl JSON",
    "jrnl-markdown": "jrnl Markdown",
    "dayone": "Day One",
    "journiv": "Journiv",
    "folder": "Markdown folder",
}


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    affirmations: int = 0
    profile: bool = False
    photo: bool = False
    source_format: str = ""
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, why); never content

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "duplicates": self.duplicates,
            "affirmations": self.affirmations,
            "profile": self.profile,
            "photo": self.photo,
            "source_format": self.source_format,
            "skipped": [list(item) for item in self.skipped],
        }

    def summary(self) -> str:
        parts = [
            f"{self.created} entr{'y' if self.created == 1 else 'ies'} imported",
            f"{self.duplicates} already there",
        ]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.affirmations:
            parts.append(f"{self.affirmations} affirmation(s)")
        if self.profile:
            parts.append("younger-self profile")
        if self.photo:
            parts.append("photo")
        label = FORMAT_LABELS.get(self.source_format, self.source_format)
        lines = [f"{label}: " + ", ".join(parts) + "."]
        lines += [f"  skipped {where}: {why}" for where, why in self.skipped]
        return "\n".join(lines)


@dataclass
class Parsed:
    entries: list[tuple[str, actions.EntryData]] = field(default_factory=list)
    affirmations: list[str] = field(default_factory=list)
    profile: dict | None = None
    photo: bytes | None = None
    source_format: str = ""
    skipped: list[tuple[str, str]] = field(default_factory=list)


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
        raise ImproperEntry(_("%(where)s: %(name)s must be text") % {"where": where, "name": name})
    if len(value) > limit:
        raise ImproperEntry(
            _("%(where)s: %(name)s is longer than %(limit)s characters")
            % {"where": where, "name": name, "limit": f"{limit:,}"}
        )
    return value


class ImproperEntry(ValueError):
    pass


def _scale(value, where, name, low, high):
    if value in (None, ""):
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ImproperEntry(
            _("%(where)s: %(name)s must be a whole number from %(low)s to %(high)s")
            % {"where": where, "name": name, "low": low, "high": high}
        )
    return value


def _tags(value, where) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ImproperEntry(_("%(where)s: tags must be a list of text") % {"where": where})
    return value


def _own_record(record, where: str) -> actions.EntryData:
    if not isinstance(record, dict):
        raise ImproperEntry(_("%(where)s: each entry must be an object") % {"where": where})
    kind = record.get("kind", Kind.ENTRY)
    if kind not in Kind.values:
        raise ImproperEntry(_("%(where)s: unknown kind %(kind)r") % {"where": where, "kind": kind})
    created = parse_datetime(str(record.get("created_at") or ""))
    if created is None or timezone.is_naive(created):
        raise ImproperEntry(
            _("%(where)s: created_at must be a date and time with its offset") % {"where": where}
        )
    details = record.get("details") or {}
    if not isinstance(details, dict):
        raise ImproperEntry(_("%(where)s: details must be an object") % {"where": where})
    if len(json.dumps(details)) > 2 * MAX_BODY_CHARS:
        raise ImproperEntry(_("%(where)s: details are too long") % {"where": where})
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


def _keeping_long_title(
    title: str, body: str, tags: list[str], created: datetime
) -> actions.EntryData:
    # jrnl's title is the first sentence, and Journiv's may be 300 characters, longer than a
    # title here: keep every word by leaving it at the top of the body instead.
    if len(title) > MAX_TITLE_CHARS:
        title, body = "", f"{title} {body}".strip() if body else title
    return actions.EntryData(title=title, body=body, tags=tags, created_at=created)


def _jrnl_record(record, where: str, zone) -> actions.EntryData:
    if not isinstance(record, dict):
        raise ImproperEntry(_("%(where)s: each entry must be an object") % {"where": where})
    try:
        day = date.fromisoformat(str(record.get("date", "")))
    except ValueError:
        raise ImproperEntry(
            _("%(where)s: date must look like 2024-01-31") % {"where": where}
        ) from None
    try:
        clock = time.fromisoformat(str(record.get("time") or "00:00"))
    except ValueError:
        raise ImproperEntry(_("%(where)s: time must look like 09:30") % {"where": where}) from None
    return _keeping_long_title(
        _text(record.get("title"), where, "title", MAX_BODY_CHARS),
        _text(record.get("body"), where, "body"),
        [t.lstrip("@#") for t in _tags(record.get("tags"), where)],
        datetime.combine(day, clock, tzinfo=zone),
    )


# Day One writes pictures, audio and other media as links to "dayone-moment:" addresses, and
# escapes Markdown punctuation ("Felt calm\.").
DAYONE_MEDIA = re.compile(r"!\[[^\]\n]*\]\(dayone-moment:[^)\n]*\)[ \t]*\n?")
DAYONE_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


def _dayone_record(record, where: str) -> actions.EntryData:
    if not isinstance(record, dict):
        raise ImproperEntry(_("%(where)s: each entry must be an object") % {"where": where})
    created = parse_datetime(str(record.get("creationDate") or ""))
    if created is None or timezone.is_naive(created):
        raise ImproperEntry(
            _("%(where)s: creationDate must be a date and time with its offset") % {"where": where}
        )
    text = _text(record.get("text"), where, "text", MAX_BODY_CHARS + MAX_TITLE_CHARS)
    text = DAYONE_ESCAPE.sub(r"\1", DAYONE_MEDIA.sub("", text.replace("\r\n", "\n")))
    lines = text.strip().split("\n")
    title = ""
    if lines and lines[0].startswith("# ") and len(lines[0]) <= MAX_TITLE_CHARS + 2:
        title, lines = lines[0][2:].strip(), lines[1:]
    body = "\n".join(lines).strip()
    if len(body) > MAX_BODY_CHARS:
        raise ImproperEntry(
            _("%(where)s: %(name)s is longer than %(limit)s characters")
            % {"where": where, "name": "text", "limit": f"{MAX_BODY_CHARS:,}"}
        )
    return actions.EntryData(
        title=title, body=body, tags=_tags(record.get("tags"), where), created_at=created
    )


def _delta_text(delta) -> str:
    """The text of a Quill Delta ({"ops": [{"insert": "..."}, ...]}), as Journiv stores it;
    embedded media (inserts that are not text) are left out."""
    ops = delta.get("ops") if isinstance(delta, dict) else delta
    if not isinstance(ops, list):
        return ""
    return "".join(
        op["insert"] for op in ops if isinstance(op, dict) and isinstance(op.get("insert"), str)
    )


def _journiv_record(record, where: str) -> actions.EntryData:
    if not isinstance(record, dict):
        raise ImproperEntry(_("%(where)s: each entry must be an object") % {"where": where})
    created = parse_datetime(str(record.get("entry_datetime_utc") or ""))
    if created is None:
        raise ImproperEntry(
            _("%(where)s: entry_datetime_utc must be a date and time") % {"where": where}
        )
    if timezone.is_naive(created):
        created = created.replace(tzinfo=UTC)  # Journiv writes this field in UTC
    text = (
        record.get("content_plain_text")
        or record.get("content")
        or _delta_text(record.get("content_delta"))
    )
    return _keeping_long_title(
        _text(record.get("title"), where, "title", MAX_BODY_CHARS),
        _text(text, where, "content").strip(),
        _tags(record.get("tags"), where),
        created,
    )


def _parse_journiv(data: dict, name: str, parsed: Parsed) -> None:
    """Journiv's export (`data.json` in its zip): journals, each with its entries."""
    parsed.source_format = "journiv"
    for j, journal in enumerate(data["journals"]):
        records = journal.get("entries") if isinstance(journal, dict) else None
        if not isinstance(records, list):
            raise ImportProblem(
                f"{name}: journals[{j}]: " + _('expected an object with a list of "entries"')
            )
        for index, record in enumerate(records):
            where = f"journals[{j}].entries[{index}]"
            try:
                entry = _journiv_record(record, where)
            except ImproperEntry as exc:
                raise ImportProblem(f"{name}: {exc}") from None
            if _is_empty(entry):
                parsed.skipped.append(
                    (where, _("only photos or other media, which are not imported"))
                )
                continue
            parsed.entries.append((where, entry))


def _is_empty(entry: actions.EntryData) -> bool:
    return not (entry.title.strip() or entry.body.strip() or entry.details)


@sensitive_variables()
def _parse_json_text(text: str, name: str, user, parsed: Parsed) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"{name}:{exc.lineno}:{exc.colno}: "
            + _("not valid JSON (%(reason)s)") % {"reason": exc.msg}
        ) from None
    except RecursionError:
        raise ImportProblem(f"{name}:1: " + _("the JSON is nested too deeply")) from None
    try:
        jsonbody.check(data)
    except jsonbody.BadJson as exc:
        raise ImportProblem(f"{name}:1: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("journal"), dict):
        data = data["journal"]  # the account's whole "export my data" file
    if isinstance(data, dict) and "entries" not in data and "date" in data:
        data = {"entries": [data]}  # jrnl's one-file-per-entry export
    if isinstance(data, dict) and isinstance(data.get("journals"), list) and "entries" not in data:
        _parse_journiv(data, name, parsed)
        return
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportProblem(f"{name}:1: " + _('expected an object with a list of "entries"'))
    own = data.get("format") == "innerchild-journal"
    dayone = not own and any(isinstance(r, dict) and "creationDate" in r for r in data["entries"])
    parsed.source_format = "innerchild" if own else "dayone" if dayone else "jrnl-json"
    zone = _zone(user)
    for index, record in enumerate(data["entries"]):
        where = f"entries[{index}]"
        try:
            if own:
                entry = _own_record(record, where)
            elif dayone:
                entry = _dayone_record(record, where)
            else:
                entry = _jrnl_record(record, where, zone)
        except ImproperEntry as exc:
            lines = _item_lines(text, "entries")
            line = lines[index] if index < len(lines) else 1
            raise ImportProblem(f"{name}:{line}: {exc}") from None
        if _is_empty(entry):
            reason = _("only photos or other media, which are not imported") if dayone else ""
            parsed.skipped.append((where, reason or _("empty: no title and no text")))
            continue
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


# jrnl's Markdown export (`jrnl --export markdown`): "# 2024" and "## March" above the entries of
# each year and month, then per entry "### <date and time in jrnl's timeformat> <title>", the body,
# and a line holding one space. Headings inside a body are pushed down three levels ("# x" becomes
# "#### x"), so a line starting with one to three "#" and a space is always jrnl's own. With
# `-o folder/` each entry is its own file under a "# <date and time> <title>" heading, and body
# headings are pushed down one level.
JRNL_HEADING = re.compile(r"^(#{1,3}) (\d{4}-\d{2}-\d{2})(?:[ T](.*))?$")
JRNL_DETECT = re.compile(r"^#{1,3} \d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}", re.MULTILINE)
JRNL_YEAR = re.compile(r"^# \d{4}\s*$")
JRNL_MONTH = re.compile(r"^## \S.*$")
TIME_24 = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?: |$)")
TIME_12 = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp])\.?[Mm]\.?(?: |$)")
# jrnl's own tag pattern (jrnl/journals/Entry.py) with its default tag symbols, "#" and "@".
JRNL_TAG = re.compile(r"(?<!\S)([#@][-+*#/\w]+)")


def looks_like_jrnl_markdown(text: str) -> bool:
    return bool(JRNL_DETECT.search(text))


def _jrnl_clock(rest: str, twelve_hour: bool) -> tuple[time, str] | None:
    match = (TIME_12 if twelve_hour else TIME_24).match(rest)
    if not match:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if twelve_hour:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[4].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second), rest[match.end() :].strip()


@sensitive_variables()
def _parse_jrnl_markdown(text: str, name: str, user, parsed: Parsed) -> None:
    parsed.source_format = "jrnl-markdown"
    zone = _zone(user)
    lines = text.split("\n")
    headings = [(i, m) for i, line in enumerate(lines) if (m := JRNL_HEADING.match(line))]
    level = min(len(m[1]) for _i, m in headings)
    # jrnl writes every time with one format: read "08:00 PM" as 12-hour only if all are.
    twelve_hour = all(TIME_12.match(m[3] or "") for _i, m in headings if len(m[1]) == level)
    current: tuple[int, str, datetime] | None = None
    body: list[str] = []

    def finish() -> None:
        if current is None:
            return
        line_no, title, created = current
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        text = "\n".join(
            re.sub(rf"^#{{{level}}}(#+ )", r"\1", line) if line.startswith("#") else line
            for line in body
        )
        if len(text) > MAX_BODY_CHARS:
            raise ImportProblem(
                f"{name}:{line_no}: "
                + _("longer than %(limit)s characters") % {"limit": f"{MAX_BODY_CHARS:,}"}
            )
        tags = [t.lower() for t in JRNL_TAG.findall(f"{title} {text}")]
        entry = _keeping_long_title(title, text, tags, created)
        where = f"{name}:{line_no}"
        if _is_empty(entry):
            parsed.skipped.append((where, _("empty: no title and no text")))
        else:
            parsed.entries.append((where, entry))
        body.clear()

    for index, line in enumerate(lines):
        line_no = index + 1
        heading = JRNL_HEADING.match(line)
        if heading and len(heading[1]) == level:
            finish()
            try:
                day = date.fromisoformat(heading[2])
            except ValueError:
                day = None
            clock = _jrnl_clock(heading[3] or "", twelve_hour) if day else None
            if clock is None:
                raise ImportProblem(
                    f"{name}:{line_no}: "
                    + _("this entry heading has no date and time that jrnl writes")
                )
            current = (line_no, clock[1], datetime.combine(day, clock[0], tzinfo=zone))
        elif line.startswith("#") and re.match(rf"^#{{1,{level}}} ", line):
            if level == 3 and (JRNL_YEAR.match(line) or JRNL_MONTH.match(line)):
                finish()
                current = None
                continue
            raise ImportProblem(
                f"{name}:{line_no}: "
                + _("a heading that jrnl does not write here; was the file edited?")
            )
        elif current is not None:
            body.append(line)
        elif line.strip():
            raise ImportProblem(f"{name}:{line_no}: " + _("text before the first entry heading"))
    finish()


@sensitive_variables()
def _parse_text(text: str, name: str, user, parsed: Parsed) -> None:
    """JSON (jrnl, Day One, this app's) or jrnl's Markdown, told apart by their content."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if text.lstrip().startswith(("{", "[")):
        _parse_json_text(text, name, user, parsed)
    elif looks_like_jrnl_markdown(text):
        _parse_jrnl_markdown(text, name, user, parsed)
    else:
        raise ImportProblem(
            f"{name}:1: "
            + _(
                "this is not a format that can be imported. Use a jrnl export (JSON or "
                "Markdown), a Day One JSON export (the zip or its JSON file), a Journiv export "
                "or an innerchild export."
            )
        )


def _decode(content: bytes, name: str) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportProblem(
            f"{name}:1: " + _("not UTF-8 text (byte %(byte)s)") % {"byte": exc.start}
        ) from None


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
    zone = _zone(user)
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".md", ".markdown"})
    json_files = sorted(p for p in folder.rglob("*.json"))
    if not files and not json_files:
        raise ImportProblem(f"{folder}: " + _("no .md or .json files found"))
    for path in json_files:
        _parse_json_text(_decode(path.read_bytes(), str(path)), str(path), user, parsed)
    parsed.source_format = "folder"
    for path in files:
        text = _decode(path.read_bytes(), str(path)).removeprefix("\ufeff")
        if looks_like_jrnl_markdown(text):
            _parse_jrnl_markdown(text.replace("\r\n", "\n"), str(path), user, parsed)
        else:
            parsed.entries.append((str(path), _markdown_entry(path, text, zone)))
    parsed.source_format = "folder"


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error):
        raise ImportProblem(
            f"{name}!{info.filename}: " + _("the zip file is damaged or protected by a password")
        ) from None


def _parse_zip(archive: zipfile.ZipFile, name: str, user, parsed: Parsed) -> None:
    infos = {i.filename: i for i in archive.infolist() if not i.is_dir()}
    # The sizes a zip declares bound what reading can return, so this stops a zip bomb early.
    if sum(i.file_size for i in infos.values()) > MAX_UNPACKED_BYTES:
        raise ImportProblem(
            f"{name}: "
            + _("this zip unpacks to more than %(limit)s MB")
            % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    for candidate in ("journal.json", "data.json"):
        if candidate in infos:
            text = _decode(_unpacked(archive, infos[candidate], name), f"{name}!{candidate}")
            _parse_json_text(text, f"{name}!{candidate}", user, parsed)
            for photo_name in ("younger-self.jpg", "journal/younger-self.jpg"):
                if photo_name in infos:
                    parsed.photo = _unpacked(archive, infos[photo_name], name)
            return
    # Day One's export: one JSON file per journal at the top of the zip, media in folders.
    found = False
    for inner in sorted(n for n in infos if "/" not in n and n.lower().endswith((".json", ".md"))):
        text = _decode(_unpacked(archive, infos[inner], name), f"{name}!{inner}")
        if inner.lower().endswith(".json") or looks_like_jrnl_markdown(text):
            _parse_text(text, f"{name}!{inner}", user, parsed)
            found = True
    if not found:
        raise ImportProblem(
            f"{name}: " + _("no journal found inside (journal.json, data.json or a Day One JSON)")
        )


def _open_zip(source, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ImportProblem(f"{name}:1: " + _("not a zip file, or a damaged one")) from None


@sensitive_variables()
def parse_upload(name: str, content: bytes, user) -> Parsed:
    """Parse an uploaded file held in memory; its format is recognised from its content."""
    if len(content) > upload_limit():
        raise ImportProblem(too_large_message())
    parsed = Parsed()
    if content.startswith(b"PK\x03\x04"):
        with _open_zip(io.BytesIO(content), name) as archive:
            _parse_zip(archive, name, user, parsed)
    else:
        _parse_text(_decode(content, name), name, user, parsed)
    return parsed


def too_large_message() -> str:
    from django.template.defaultfilters import filesizeformat

    return _("The file is too large: the limit is %(limit)s. Nothing was imported.") % {
        "limit": filesizeformat(upload_limit())
    }


def parse_source(path: Path, user) -> Parsed:
    parsed = Parsed()
    if path.is_dir():
        _parse_folder(path, user, parsed)
    elif zipfile.is_zipfile(path):
        with _open_zip(path, str(path)) as archive:
            _parse_zip(archive, str(path), user, parsed)
    else:
        _parse_text(_decode(path.read_bytes(), str(path)), str(path), user, parsed)
    return parsed


def import_parsed(user, parsed: Parsed) -> ImportReport:
    report = ImportReport(source_format=parsed.source_format, skipped=list(parsed.skipped))
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


# Files with more entries than this are imported by a worker rather than during the upload, so
# the person is not left waiting on one long request (and no proxy time-out cuts it short).
SYNC_IMPORT_ENTRIES = 100
# A worker imports this many entries per transaction (see _import_in_batches).
IMPORT_BATCH = 50


def _finish(upload: ImportUpload, status: str, report: dict) -> None:
    upload.status = status
    upload.report = json.dumps(report, ensure_ascii=False)
    upload.content = None
    upload.finished_at = timezone.now()
    upload.save(update_fields=["status", "report", "content", "finished_at"])


@sensitive_variables()
def receive_upload(user, name: str, content: bytes) -> ImportUpload:
    """Check an uploaded export and import it now, or queue it for a worker if it is large.

    A file that cannot be imported raises ImportProblem and leaves nothing behind. The file is
    only ever held in memory and, while it waits for a worker, encrypted in the database.
    """
    from innerchild.core import jobs
    from innerchild.journal import tasks

    parsed = parse_upload(name, content, user)
    upload = ImportUpload(
        owner=user,
        created_at=timezone.now(),
        size=len(content),
        entries_found=len(parsed.entries),
        file_name=name[:255],
    )
    if len(parsed.entries) <= SYNC_IMPORT_ENTRIES:
        with transaction.atomic():
            report = import_parsed(user, parsed)
            _finish(upload, ImportUpload.Status.DONE, report.as_dict())
        return upload
    with transaction.atomic():
        upload.content = content
        upload.save()
        jobs.schedule(tasks.import_upload, str(upload.id))
    return upload


def _import_in_batches(upload: ImportUpload, parsed: Parsed) -> ImportReport:
    """Import `parsed` a batch at a time, each batch its own transaction, recording progress.

    One transaction for thousands of entries would hold SQLite's only write lock for minutes,
    stopping everyone else's writing. Batches are safe because the whole file was checked
    first, and importing skips what is already there: if the worker stops half-way, running
    the job again imports the rest and nothing twice.
    """
    user = upload.owner
    report = ImportReport(source_format=parsed.source_format, skipped=list(parsed.skipped))
    entries = parsed.entries
    for start in range(0, len(entries), IMPORT_BATCH):
        part = import_parsed(user, Parsed(entries=entries[start : start + IMPORT_BATCH]))
        report.created += part.created
        report.duplicates += part.duplicates
        ImportUpload.objects.filter(id=upload.id).update(
            processed=min(start + IMPORT_BATCH, len(entries))
        )
    rest = import_parsed(
        user,
        Parsed(affirmations=parsed.affirmations, profile=parsed.profile, photo=parsed.photo),
    )
    report.affirmations, report.profile, report.photo = rest.affirmations, rest.profile, rest.photo
    return report


@sensitive_variables()
def run_upload(upload_id: str) -> str:
    """Import a queued upload (in a worker). Safe to run twice: importing is idempotent, and a
    finished upload no longer holds its file."""
    upload = ImportUpload.objects.filter(id=upload_id).select_related("owner").first()
    if upload is None or upload.content is None:
        return "nothing to import"
    ImportUpload.objects.filter(id=upload.id).update(status=ImportUpload.Status.RUNNING)
    user = upload.owner
    with translation.override(user.language or settings.LANGUAGE_CODE):
        try:
            parsed = parse_upload(upload.file_name, bytes(upload.content), user)
            report = _import_in_batches(upload, parsed)
        except ImportProblem as exc:
            _finish(upload, ImportUpload.Status.FAILED, {"problem": str(exc)})
            return "not imported"
        except Exception:
            logger.exception("journal import %s failed", upload.id)
            problem = _(
                "Something went wrong while importing. What was imported so far stays in your "
                "journal; upload the file again to import the rest (nothing is added twice)."
            )
            _finish(upload, ImportUpload.Status.FAILED, {"problem": problem})
            return "failed"
    _finish(upload, ImportUpload.Status.DONE, report.as_dict())
    return f"imported {report.created}"
