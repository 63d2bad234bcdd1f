"""Facilitated practice: the rows, split by feature. Import from here, not from the submodules."""

from innerchild.care.models.alerts import CrisisAlert
from innerchild.care.models.assignments import (
    Assignment,
    AssignmentCompletion,
    AssignmentKind,
)
from innerchild.care.models.links import CareLink, Invitation
from innerchild.care.models.notes import Note, NoteTemplate, SharedSummary
from innerchild.care.models.practice import PracticeProfile, Profession
from innerchild.care.models.scheduling import (
    AvailabilityException,
    AvailabilityRule,
    Booking,
    BookingMode,
    BookingStatus,
    CalendarFeed,
)
from innerchild.care.models.scripts import FacilitatorScript
from innerchild.care.models.sharing import Share, ShareKind

__all__ = [
    "Assignment",
    "AssignmentCompletion",
    "AssignmentKind",
    "AvailabilityException",
    "AvailabilityRule",
    "Booking",
    "BookingMode",
    "BookingStatus",
    "CalendarFeed",
    "CareLink",
    "CrisisAlert",
    "FacilitatorScript",
    "Invitation",
    "Note",
    "NoteTemplate",
    "PracticeProfile",
    "Profession",
    "Share",
    "ShareKind",
    "SharedSummary",
]
