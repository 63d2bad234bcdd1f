"""Assignments: the facilitator's pages per client (any active link) and the member's own."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from innerchild.care.models import Assignment, AssignmentKind
from innerchild.care.tests.matrix import LINKED_FACILITATORS, Case

LINKED = frozenset(LINKED_FACILITATORS)
OWNER = frozenset({"owner"})
MEMBERS = frozenset({"owner", "other_member"})


def setup(cast) -> None:
    now = timezone.now()
    cast.extra["assignments"] = {
        role: Assignment.objects.create(
            link=link,
            kind=AssignmentKind.PRACTICE,
            title="Three breaths before bed",
            instructions="Breathe in for four, out for six.",
            due_at=now + timedelta(days=3),
            created_at=now,
            opens_at=now,
        )
        for role, link in cast.links.items()
    }


def client(cast, role):
    return [cast.link_for(role).id]


def client_assignment(cast, role):
    assignments = cast.extra["assignments"]
    return [cast.link_for(role).id, assignments.get(role, assignments["shared"]).id]


def members_own(cast, role):
    return [cast.extra["assignments"]["shared"].id]


def new_practice(cast, role):
    day = (timezone.now() + timedelta(days=5)).date().isoformat()
    return {
        "kind": "practice",
        "practice_title": "A walk",
        "instructions": "Walk for ten minutes.",
        "due_date": day,
        "due_time": "18:00",
    }


CASES = [
    Case("care:assignments", client, LINKED),
    Case("care:assignment_new", client, LINKED),
    Case("care:assignment_new", client, LINKED, method="POST", data=new_practice),
    Case("care:assignment", client_assignment, LINKED),
    Case("care:assignment_stop", client_assignment, LINKED, method="POST"),
    Case("care:my_assignments", lambda cast, role: [], MEMBERS),
    Case("care:my_assignment", members_own, OWNER),
    Case("care:assignment_done", members_own, OWNER, method="POST"),
]
