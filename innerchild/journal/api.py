"""The journal's public API for other apps (guided sessions write into the journal).

CONTRACT (keep stable):
- create_entry_from(user, *, kind, title, body, signs=(), feelings=(), source="") -> entry id
    Saves an encrypted journal entry of `kind` (e.g. "session"); the caller screens the text
    with the safety layer after this returns. `source` is a stable reference such as
    "guide-session:<uuid>"; calling again with the same source updates that entry instead of
    adding another.
- add_affirmation(user, text) -> None        adds to the person's own affirmations list
- younger_self_photo_url(user) -> str | None the owner-only URL of the childhood photo, if any
- younger_self_summary(user) -> dict | None  {"name", "ages", "needed", "comforting_words"}
- trigger_choices(user, limit=20) -> list[tuple[str, str]]  (id, short label) of recent triggers
- trigger_summary(user, trigger_id) -> dict | None  the trigger-log entry's fields, owner only
- feeling_families() -> list[dict]           [{"id", "label", "feelings": [{"id", "label"}]}]
"""

from __future__ import annotations


def create_entry_from(user, *, kind, title, body, signs=(), feelings=(), source=""):
    raise NotImplementedError


def add_affirmation(user, text: str) -> None:
    raise NotImplementedError


def younger_self_photo_url(user) -> str | None:
    return None


def younger_self_summary(user) -> dict | None:
    return None


def trigger_choices(user, limit: int = 20) -> list[tuple[str, str]]:
    return []


def trigger_summary(user, trigger_id: str) -> dict | None:
    return None


def feeling_families() -> list[dict]:
    return []
