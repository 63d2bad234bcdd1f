"""Pure safety rules: readiness for deep work and distress gating. No database, easy to test.

Sources: the readiness questions follow the NIMH ASQ (acuity, recent attempt) and common
trauma-informed screening practice; distress ratings use Wolpe's Subjective Units of Distress
(SUDS, 0-10). See docs/safety.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

READY = "ready"
GENTLE_ONLY = "gentle_only"
CRISIS = "crisis"

READINESS_QUESTIONS = (
    (
        "thoughts_now",
        _("Right now, are you having thoughts of hurting yourself or of ending your life?"),
    ),
    (
        "recent_harm",
        _("In the past three months, have you hurt yourself on purpose or tried to end your life?"),
    ),
    (
        "severe_trauma",
        _(
            "Have you lived through severe trauma (for example abuse, violence or a sudden loss) "
            "that still overwhelms you when you remember it?"
        ),
    ),
    (
        "dissociation",
        _(
            "When you remember hard things, do you sometimes lose time, feel unreal, or feel far "
            "away from your body?"
        ),
    ),
    (
        "in_care",
        _("Are you seeing a therapist, counsellor or doctor for your mental health at the moment?"),
    ),
    (
        "substances_today",
        _("Have you had alcohol or drugs today (other than medicines as prescribed)?"),
    ),
)
READINESS_KEYS = tuple(key for key, _question in READINESS_QUESTIONS)

REASON_TEXT = {
    "recent_crisis": _(
        "Something you wrote today sounded very painful, so deep exercises stay closed for a day. "
        "Gentle exercises, grounding and the people on your support list are here for you now."
    ),
    "thoughts_now": _(
        "You told us you are having thoughts of hurting yourself right now. Your safety comes "
        "first: please reach out to one of the people or lines below."
    ),
    "recent_harm": _(
        "You have hurt yourself or tried to end your life in the past few months. Deep exercises "
        "can stir up strong feelings, so please do them with a professional who knows you."
    ),
    "trauma_without_care": _(
        "Memories of severe trauma can overwhelm anyone who revisits them alone. Deep exercises "
        "are safest with a therapist by your side; gentle exercises are open to you now."
    ),
    "dissociation": _(
        "Feeling unreal or losing time when you remember hard things is a sign that your mind is "
        "protecting you. Deep regression work can make that stronger, so it is best done with a "
        "trained therapist."
    ),
    "substances_today": _(
        "Alcohol and drugs make strong feelings harder to hold. Come back for deep work on "
        "another day; gentle exercises are fine today."
    ),
    "adolescent": _(
        "In teen mode the most intense exercises stay closed unless a facilitator who works "
        "with you opens them. Everything else is here for you."
    ),
}

REFERRAL_TEXT = _(
    "This is not a judgement and not a diagnosis. A therapist, counsellor or your doctor can help "
    "you work through painful memories safely. If you do not have one, your doctor or a local "
    "mental-health service can refer you, and the support lines are there any time."
)


def readiness_valid_for() -> timedelta:
    """How long a "ready" answer lasts before we ask again (setting READINESS_VALID_HOURS)."""
    return timedelta(hours=getattr(settings, "READINESS_VALID_HOURS", 24))


@dataclass(frozen=True)
class ReadinessResult:
    outcome: str
    reasons: tuple[str, ...] = ()


def readiness_outcome(
    answers: dict[str, bool], *, adolescent: bool = False, unlocked: bool = False
) -> ReadinessResult:
    """ready | gentle_only | crisis from the six answers (True means "yes")."""
    if answers.get("thoughts_now"):
        return ReadinessResult(CRISIS, ("thoughts_now",))
    reasons = []
    if answers.get("recent_harm"):
        reasons.append("recent_harm")
    if answers.get("severe_trauma") and not answers.get("in_care"):
        reasons.append("trauma_without_care")
    if answers.get("dissociation"):
        reasons.append("dissociation")
    if answers.get("substances_today"):
        reasons.append("substances_today")
    if adolescent and not unlocked:
        reasons.append("adolescent")
    return ReadinessResult(GENTLE_ONLY if reasons else READY, tuple(reasons))


def distress_pause_at() -> int:
    return getattr(settings, "DISTRESS_PAUSE_AT", 8)


def distress_rise() -> int:
    return getattr(settings, "DISTRESS_RISE", 3)


@dataclass(frozen=True)
class DistressResult:
    offer_grounding: bool
    reason: str = ""


def distress_decision(previous: list[int], rating: int, phase: str) -> DistressResult:
    """Whether to pause and offer grounding, given the earlier ratings of the same exercise run.

    - a rating at or above DISTRESS_PAUSE_AT (default 8),
    - a rise of DISTRESS_RISE (default 3) or more over the lowest earlier rating,
    - the "after" rating above the starting rating: an exercise never ends worse than it began
      without grounding being offered first.
    """
    if not 0 <= rating <= 10:
        raise ValueError("A SUDS rating is a whole number from 0 to 10.")
    if rating >= distress_pause_at():
        return DistressResult(True, "high")
    if previous and rating - min(previous) >= distress_rise():
        return DistressResult(True, "rising")
    if phase == "after" and previous and rating > previous[0]:
        return DistressResult(True, "ended_higher")
    return DistressResult(False, "")
