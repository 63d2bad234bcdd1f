from __future__ import annotations

from innerchild.journal import actions
from innerchild.journal.models import Kind


def write(user, body="Walked by the river today.", **fields):
    data = actions.EntryData(body=body, **fields)
    return actions.do_create_entry(user, data)


def write_dialogue(user, turns=("How are you?", "Scared."), **fields):
    voices = ["now", "little"]
    return actions.do_create_entry(
        user,
        actions.EntryData(
            kind=Kind.DIALOGUE,
            details={
                "turns": [{"voice": voices[i % 2], "text": t} for i, t in enumerate(turns)],
                "non_dominant_hand": False,
            },
            **fields,
        ),
    )


def write_trigger(
    user, situation="A message went unanswered.", intensity=6, need="attention", **fields
):
    return actions.do_create_entry(
        user,
        actions.EntryData(
            kind=Kind.TRIGGER,
            details={"situation": situation, "memory": "Waiting at the window."},
            intensity=intensity,
            need=need,
            **fields,
        ),
    )
