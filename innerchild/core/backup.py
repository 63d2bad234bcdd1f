"""Consistent backups of a running install, and restoring one into an empty install.

A backup is a folder:

    manifest.json        format, engine, when, rows per model, a SHA-256 of every other file
    database.sqlite3     SQLite: a page-for-page copy made with SQLite's online backup API
    database.jsonl       PostgreSQL (or `--logical` on SQLite): the rows, as Django
                         serialises them, read in one transaction (REPEATABLE READ on
                         PostgreSQL), each line a Fernet token; restores into either engine
    media/...            files under MEDIA_ROOT, if the install keeps any (photos live in the
                         database, encrypted)

Why two methods. On SQLite the online backup API copies the database file while the server
keeps writing (WAL readers block no writer) and keeps every value exactly as stored, ciphertext
included. A transaction through Django would take SQLite's write lock (the app begins its
transactions IMMEDIATE) for the whole copy. PostgreSQL has no such API inside the driver, and
`pg_dump` may not match the server's version or be installed at all, so the rows are read
through Django in one REPEATABLE READ, READ ONLY transaction: a snapshot that blocks nobody.
Django serialises encrypted fields as plaintext, so each chunk is encrypted with the install's
own keys before it touches the disk: nothing in a backup is readable without the keys.

The keys are never written into a backup (docs/privacy.md): a stolen backup alone reveals no
one's writing, and a backup without a copy of the keys cannot be restored. `backup` says where
the keys are so they can be kept, separately.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from innerchild.core import crypto

FORMAT = "innerchild-backup"
LOGICAL = "django-serializers-one-transaction"
VERSION = 1
CHUNK = 500
# Rows that only make sense on the machine that made them: logins, and background job results.
SKIPPED_MODELS = {"sessions.session"}


class BackupError(Exception):
    """Something a person must fix; the message says what."""


@dataclass
class Outcome:
    folder: Path
    counts: dict[str, int]
    files: int


def _models() -> list:
    models = [m for m in apps.get_models() if m._meta.label_lower not in SKIPPED_MODELS]
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    return [m for m in ordered if m._meta.managed and not m._meta.proxy]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def key_location() -> str:
    if settings.ENCRYPTION_KEYS:
        return "the ENCRYPTION_KEYS setting (environment or ENCRYPTION_KEYS_FILE)"
    return str(settings.ENCRYPTION_KEYS_FILE)


def _sqlite_path() -> Path:
    return Path(connection.settings_dict["NAME"])


def _row_counts(using_models: list) -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in using_models}


def make_backup(folder: Path, *, logical: bool = False) -> Outcome:
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; choose a new folder for the backup.")
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    models = _models()
    if connection.vendor == "sqlite" and not logical:
        target = folder / "database.sqlite3"
        source = sqlite3.connect(_sqlite_path())
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        counts = _counts_in_sqlite_file(target, models)
        method = "sqlite-online-backup"
    else:
        counts = _dump_rows(folder / "database.jsonl", models)
        method = LOGICAL
    media = _copy_media(folder / "media")
    files = {
        str(path.relative_to(folder)): _sha256(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o600)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "method": method,
        "counts": counts,
        "files": files,
        "media_files": media,
        "keys": "not included: restore needs the same ENCRYPTION_KEYS (docs/privacy.md)",
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return Outcome(folder=folder, counts=counts, files=len(files) + 1)


def _counts_in_sqlite_file(path: Path, models: list) -> dict[str, int]:
    database = sqlite3.connect(path)
    try:
        counts = {}
        for model in models:
            # Table names come from the models, never from input.
            query = f'SELECT COUNT(*) FROM "{model._meta.db_table}"'  # noqa: S608
            counts[model._meta.label] = database.execute(query).fetchone()[0]
        return counts
    finally:
        database.close()


def _dump_rows(path: Path, models: list) -> dict[str, int]:
    counts: dict[str, int] = {}
    with transaction.atomic(), path.open("w", encoding="utf-8") as out:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # One snapshot for every table; writers carry on meanwhile.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in models:
            counts[model._meta.label] = 0
            for chunk in _chunks(model._default_manager.order_by("pk").iterator(CHUNK)):
                text = json.dumps(serializers.serialize("python", chunk), cls=_ExactEncoder)
                out.write(crypto.encrypt_text(text) + "\n")
                counts[model._meta.label] += len(chunk)
    return counts


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it rounds them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _chunks(rows: Iterator) -> Iterator[list]:
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _media_root() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root and Path(root).is_dir() else None


def _copy_media(target: Path) -> int:
    root = _media_root()
    if root is None:
        return 0
    shutil.copytree(root, target)
    return sum(1 for path in target.rglob("*") if path.is_file())


def read_manifest(folder: Path) -> dict:
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError(f"{folder} has no readable manifest.json: is it a backup?") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} is not an innerchild backup.")
    for name, digest in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{name} is missing or changed since the backup was made.")
    return manifest


def _install_is_empty(models: list) -> bool:
    people = apps.get_model(settings.AUTH_USER_MODEL)
    return not people._default_manager.exists() and not any(
        m._default_manager.exists()
        for m in models
        if m._meta.app_label.startswith(("accounts", "journal", "safety"))
    )


def restore_backup(folder: Path) -> dict[str, int]:
    """Into an empty, migrated install (`innerchild migrate` first). Returns rows per model."""
    from django.core.management import call_command

    folder = Path(folder)
    manifest = read_manifest(folder)
    models = _models()
    if not _install_is_empty(models):
        raise BackupError("This install already has people in it; restore only into an empty one.")
    if manifest["method"] != LOGICAL:
        if connection.vendor != "sqlite":
            raise BackupError(
                "This backup is a SQLite file; restore it into SQLite (DATABASE_URL unset), or "
                "make one with `innerchild backup --logical` to move to PostgreSQL."
            )
        _restore_sqlite_file(folder / "database.sqlite3")
        # The backup may come from an older version: bring its tables up to this one.
        call_command("migrate", verbosity=0)
    else:
        _load_rows(folder / "database.jsonl")
    if manifest.get("media_files"):
        root = _media_root() or Path(settings.MEDIA_ROOT)
        shutil.copytree(folder / "media", root, dirs_exist_ok=True)
    return _row_counts(models)


def _restore_sqlite_file(source_path: Path) -> None:
    connection.close()
    target_path = _sqlite_path()
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _load_rows(path: Path) -> None:
    content_types = apps.get_model("contenttypes", "ContentType")
    permissions = apps.get_model("auth", "Permission")
    loaded: set = set()
    with transaction.atomic():
        # migrate made its own content types and permissions; the backup's ids are the ones
        # every other row refers to.
        permissions.objects.all().delete()
        content_types.objects.all().delete()
        with connection.constraint_checks_disabled(), path.open(encoding="utf-8") as lines:
            for line in lines:
                text = crypto.decrypt_text(line.strip())
                for item in serializers.deserialize("json", text):
                    item.save()
                    loaded.add(type(item.object))
        connection.check_constraints()
        statements = connection.ops.sequence_reset_sql(no_style(), list(loaded))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    content_types.objects.clear_cache()
