"""Facilitators' own scripts: any facilitator has their own list; a script is its author's."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from innerchild.care.models import FacilitatorScript
from innerchild.care.tests.matrix import Case

FACILITATORS = frozenset({"shared", "unshared", "expired", "ended", "other_fac"})
AUTHOR = frozenset({"shared"})


def setup(cast) -> None:
    now = timezone.now()
    cast.extra["script"] = FacilitatorScript.objects.create(
        facilitator=cast.fay,
        title="A visit to the safe place",
        source=render_to_string("care/scripts/starter.yaml"),
        language="en",
        intensity="gentle",
        created_at=now,
        updated_at=now,
    )


def none(cast, role):
    return []


def faysscript(cast, role):
    return [cast.extra["script"].id]


def valid_script(cast, role):
    return {"language": "en", "source": render_to_string("care/scripts/starter.yaml")}


CASES = [
    Case("care:scripts", none, FACILITATORS),
    Case("care:script_new", none, FACILITATORS),
    Case("care:script_new", none, FACILITATORS, method="POST", data=valid_script),
    Case("care:script", faysscript, AUTHOR),
    Case("care:script_edit", faysscript, AUTHOR),
    Case("care:script_edit", faysscript, AUTHOR, method="POST", data=valid_script),
    Case("care:script_archive", faysscript, AUTHOR, method="POST"),
]
