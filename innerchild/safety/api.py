"""The safety layer's public API. Other apps call only what is in this module.

CONTRACT (other apps depend on these names and signatures; keep them stable):
- screen_saved_text(user, text, *, source, language=None) -> ScreeningOutcome
    Call AFTER the text is durably saved (outside/after the transaction). Never raises for odd
    text. Records a RiskEvent (time, level, categories, source; never the text) for watch/urgent.
- response_for_screening(request, outcome, *, return_to) -> HttpResponse | None
    None when level is "none"; otherwise a redirect to the gentle check-in (watch) or the crisis
    screen (urgent), each offering a way back to `return_to`.
- crisis_url(*, next_url=None) -> str          the crisis screen (lines for the person's country)
- pause_url(*, return_to=None) -> str          the grounding page, with "return to where I was"
- readiness_url(*, next_url) -> str            the readiness screen, then back to next_url
- deep_exercise_gate(user) -> Gate             may this person start a `deep` exercise now?
- record_distress(user, *, exercise, rating, phase) -> DistressDecision
    SUDS 0-10; phase is "before", "during" or "after". `exercise` is a stable key for one run of
    one exercise (e.g. "guide-session:<uuid>"). offer_grounding is True when the rating is at or
    above the threshold, has risen by the rise threshold within the exercise, or (phase "after")
    ends above the starting rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

LEVELS = ("none", "watch", "urgent")


@dataclass(frozen=True)
class ScreeningOutcome:
    level: str = "none"
    categories: tuple[str, ...] = ()
    event_id: int | None = None


@dataclass(frozen=True)
class Gate:
    allowed: bool
    reason: str = ""
    readiness_needed: bool = False


@dataclass(frozen=True)
class DistressDecision:
    offer_grounding: bool
    reason: str = ""
    ratings: tuple[int, ...] = field(default_factory=tuple)


def screen_saved_text(
    user, text: str, *, source: str, language: str | None = None
) -> ScreeningOutcome:
    return ScreeningOutcome()


def response_for_screening(
    request: HttpRequest, outcome: ScreeningOutcome, *, return_to: str
) -> HttpResponse | None:
    return None


def _with_query(url: str, **params) -> str:
    params = {k: v for k, v in params.items() if v}
    return f"{url}?{urlencode(params)}" if params else url


def crisis_url(*, next_url: str | None = None) -> str:
    return _with_query(reverse("safety:crisis"), next=next_url)


def pause_url(*, return_to: str | None = None) -> str:
    return _with_query(reverse("safety:pause"), **{"from": return_to})


def readiness_url(*, next_url: str) -> str:
    return _with_query(reverse("core:dashboard"), next=next_url)


def deep_exercise_gate(user) -> Gate:
    return Gate(allowed=not user.is_adolescent, reason="")


def record_distress(user, *, exercise: str, rating: int, phase: str) -> DistressDecision:
    return DistressDecision(offer_grounding=rating >= 8)
