"""Notes (the facilitator's alone, per active link) and summaries (the member's to keep)."""

from __future__ import annotations

import json

from django.utils import timezone

from innerchild.care.models import Note, SharedSummary
from innerchild.care.tests.matrix import LINKED_FACILITATORS, Case

LINKED = frozenset(LINKED_FACILITATORS)
OWNER = frozenset({"owner"})
MEMBERS = frozenset({"owner", "other_member"})


def setup(cast) -> None:
    now = timezone.now()
    notes, locked = {}, {}
    for role, link in cast.links.items():
        notes[role] = Note.objects.create(
            link=link,
            sections=json.dumps({"body": "Seemed tired."}),
            created_at=now,
            updated_at=now,
        )
        locked[role] = Note.objects.create(
            link=link,
            sections=json.dumps({"body": "Signed off."}),
            created_at=now,
            updated_at=now,
            locked_at=now,
        )
    cast.extra["notes"], cast.extra["locked_notes"] = notes, locked
    cast.extra["summary"] = SharedSummary.objects.create(
        member=cast.alice,
        facilitator=cast.fay,
        facilitator_name="Fay",
        body="We talked about rest.",
        sent_at=now,
    )


def client(cast, role):
    return [cast.link_for(role).id]


def note(cast, role):
    return [cast.link_for(role).id, cast.extra["notes"].get(role, cast.extra["notes"]["shared"]).id]


def locked_note(cast, role):
    locked = cast.extra["locked_notes"]
    return [cast.link_for(role).id, locked.get(role, locked["shared"]).id]


CASES = [
    Case("care:notes", client, LINKED),
    Case("care:note_new", client, LINKED),
    Case(
        "care:note_new",
        client,
        LINKED,
        method="POST",
        data=lambda cast, role: {"template": "free", "section_body": "Calmer today."},
    ),
    Case("care:note", note, LINKED),
    Case("care:note_edit", note, LINKED),
    Case(
        "care:note_edit",
        note,
        LINKED,
        method="POST",
        data=lambda cast, role: {"template": "free", "section_body": "Calmer, then tired."},
    ),
    Case("care:note_lock", note, LINKED, method="POST"),
    Case("care:note_amend", locked_note, LINKED),
    Case(
        "care:note_amend",
        locked_note,
        LINKED,
        method="POST",
        data=lambda cast, role: {"body": "It was Tuesday, not Monday."},
    ),
    Case("care:summary_new", client, LINKED),
    Case(
        "care:summary_new",
        client,
        LINKED,
        method="POST",
        data=lambda cast, role: {"body": "Thank you for today."},
    ),
    Case("care:my_summaries", lambda cast, role: [], MEMBERS),
    Case("care:my_summary", lambda cast, role: [cast.extra["summary"].id], OWNER),
]
