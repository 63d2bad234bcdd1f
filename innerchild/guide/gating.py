"""Distress gating in the player, as pure rules (docs/safety.md, "Distress gating").

A high rating at a check-in sends the person to grounding and holds the run at that check-in.
Coming back, they rate again: only a rating below the threshold lets the session go on (and so
deeper); at or above it the person chooses to stay with grounding, close the session gently, or
stop for now.
"""

from __future__ import annotations

GROUNDING = "grounding"  # to the Pause page; the run waits at this check-in for a new rating
CHOOSE = "choose"  # still high after grounding: offer the three choices, go no further
GO_ON = "go_on"  # on to the next step

# The person's choices when the rating after grounding is still high.
STAY_WITH_GROUNDING = "grounding"
CLOSE_GENTLY = "close"
STOP_FOR_NOW = "stop"
CHOICES = (STAY_WITH_GROUNDING, CLOSE_GENTLY, STOP_FOR_NOW)


def after_rating(
    rating: int, *, threshold: int, offer_grounding: bool, back_from_grounding: bool
) -> str:
    """Where a check-in's rating leads.

    `offer_grounding` is the safety layer's decision for this rating (high, rising, or ending
    higher); `back_from_grounding` is True when the run is held at this check-in after grounding.
    """
    if not 0 <= rating <= 10:
        raise ValueError("A SUDS rating is a whole number from 0 to 10.")
    if back_from_grounding:
        return CHOOSE if rating >= threshold else GO_ON
    return GROUNDING if offer_grounding else GO_ON
