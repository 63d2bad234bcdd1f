"""Facilitators' own scripts in the guide's player.

The guide asks registered providers for any script id it does not ship (guide.api). A member
plays a facilitator's script through the assignment that gave it to them, under the id
`assigned-<assignment>`; this module answers only while that assignment is active and the link
holds, so an ended link or a stopped assignment closes the session (a finished run can still be
looked back at). Placeholders such as `{younger_self_name}` are filled per assignment.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import replace
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from innerchild.care.models import Assignment, AssignmentKind
from innerchild.care.models.assignments import PLAY_PREFIX
from innerchild.guide import api as guide
from innerchild.journal import api as journal

# name -> (what the facilitator is asked, the younger-self profile field it may come from,
# what stands in its place when nobody filled it).
PLACEHOLDERS: dict[str, tuple[Any, str, Any]] = {
    "younger_self_name": (
        _("What they call their younger self"),
        "name",
        _("your younger self"),
    ),
    "younger_self_age": (_("The age of the younger self"), "ages", _("the age that comes to mind")),
    "safe_place": (_("Their safe place, in their words"), "", _("a place where you feel safe")),
    "comforting_words": (
        _("Comforting words they chose"),
        "comforting_words",
        _("You are safe now, and you matter."),
    ),
}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def unknown_placeholders(text: str) -> list[str]:
    """'Line N: ...' for every `{name}` that is not a known placeholder."""
    from django.utils.translation import gettext

    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for name in PLACEHOLDER.findall(line):
            if name not in PLACEHOLDERS:
                problems.append(
                    gettext("Line %(line)s: unknown placeholder {%(name)s}; known: %(known)s")
                    % {
                        "line": number,
                        "name": name,
                        "known": ", ".join(f"{{{known}}}" for known in PLACEHOLDERS),
                    }
                )
    return problems


def placeholders_used(text: str) -> list[str]:
    found = set(PLACEHOLDER.findall(text))
    return [name for name in PLACEHOLDERS if name in found]


def filled_values(personalisation: str, member=None) -> dict[str, str]:
    """What each placeholder becomes: the facilitator's value, else the member's own
    younger-self profile (their own words, shown only to them), else a gentle default."""
    try:
        typed = json.loads(personalisation or "{}")
    except ValueError:
        typed = {}
    profile = journal.younger_self_summary(member) if member is not None else None
    values = {}
    for name, (_label, profile_field, default) in PLACEHOLDERS.items():
        value = str(typed.get(name) or "").strip()
        if not value and profile and profile_field:
            value = str(profile.get(profile_field) or "").strip()
        values[name] = value or str(default)
    return values


def _fill(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    return value


def personalised(script, values: dict[str, str], script_id: str | None = None):
    """`script` with every placeholder filled (titles, lines, questions, suggestions)."""
    return replace(
        script,
        id=script_id or script.id,
        title=_fill(script.title, values),
        summary=_fill(script.summary, values),
        steps=tuple(replace(step, data=_fill(step.data, values)) for step in script.steps),
    )


@lru_cache(maxsize=128)
def _validated(source: str, language: str):
    # Parsing and schema checks cost a few milliseconds; every step of a session asks again.
    script, _problems = guide.validate_script_source(source, language)
    return script


def provide(user, script_id: str, language: str, *, playing: bool = True):
    if not script_id.startswith(PLAY_PREFIX) or not getattr(user, "is_authenticated", False):
        return None
    try:
        assignment_id = uuid.UUID(hex=script_id.removeprefix(PLAY_PREFIX))
    except ValueError:
        return None
    assignments = Assignment.objects.filter(
        id=assignment_id, kind=AssignmentKind.SCRIPT, script__isnull=False, link__member=user
    )
    if playing:
        assignments = assignments.active()
    assignment = assignments.select_related("script").first()
    if assignment is None:
        return None
    script = _validated(assignment.script.source, assignment.script.language)
    if script is None:
        return None
    values = filled_values(assignment.personalisation, member=user)
    return personalised(script, values, script_id=assignment.play_id)


def preview(assignment):
    """The script as it reads for this client on the facilitator's side: what they typed, and
    the defaults; the client's own profile words are filled in only on the client's side."""
    script = _validated(assignment.script.source, assignment.script.language)
    if script is None:
        return None
    return personalised(script, filled_values(assignment.personalisation))


def register() -> None:
    guide.register_script_provider(provide)
