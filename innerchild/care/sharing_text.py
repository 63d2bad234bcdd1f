"""What a member is told about sharing, in one place: the invitation page, the link page and the
teen-mode notes all say the same thing."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innerchild.care.models import ShareKind
from innerchild.care.models.sharing import KIND_WIDE

EXPLANATIONS = {
    ShareKind.ASSESSMENTS: _("Your questionnaire scores over time, with what they mean."),
    ShareKind.GUIDE_SESSIONS: _(
        "Which guided sessions you did, when, and your distress before and after. Not your answers."
    ),
    ShareKind.TRIGGERS: _("Your trigger log: situations, reactions and the needs behind them."),
    ShareKind.SAFETY_PLAN: _("Your safety plan, so they can help you use it."),
    ShareKind.YOUNGER_SELF: _(
        "Your younger-self profile: name, age, what they needed. Never the photo."
    ),
    ShareKind.RISK_EVENTS: _(
        "When our safety screen was concerned, and how much. Only the time and the level, never "
        "your words."
    ),
}

WHAT_IS_NEVER_SHARED = [
    _("Your journal, letters and dialogues, unless you share one of them yourself."),
    _("Your childhood photo."),
    _("Your email address, your password and your settings."),
]


def shareable_kinds() -> list[dict]:
    return [
        {"kind": kind.value, "label": kind.label, "explanation": EXPLANATIONS[kind]}
        for kind in KIND_WIDE
    ]
