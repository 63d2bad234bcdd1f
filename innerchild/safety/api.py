"""The safety layer's public API. Other apps call only what is in this module.

CONTRACT (other apps depend on these names and signatures; keep them stable):
- screen_saved_text(user, text, *, source, language=None) -> ScreeningOutcome
    Call AFTER the text is durably saved (outside/after the transaction). Never raises for odd
    text. Records a RiskEvent (time, level, categories, source; never the text) for watch/urgent.
- response_for_screening(request, outcome, *, return_to) -> HttpResponse | None
    A redirect to the crisis screen (with a way back to `return_to`) when level is "urgent";
    None otherwise. For "watch" it leaves a note in the session, and the next page shows a calm,
    dismissible panel (grounding, talk to someone, my safety plan, "I'm okay", "this was about
    the past"), with the crisis lines first when the person's recent signals are raised: saving
    is never interrupted by a watch result.
- crisis_url(*, next_url=None) -> str          the crisis screen (lines for the person's country)
- pause_url(*, return_to=None, reason=None) -> str   the grounding page, with "return to where I
    was"; reason "distress" says on the page that a high distress rating brought the person there
- readiness_url(*, next_url) -> str            the readiness screen, then back to next_url
- deep_exercise_gate(user) -> Gate             may this person start a `deep` exercise now?
- record_distress(user, *, exercise, rating, phase) -> DistressDecision
    SUDS 0-10; phase is "before", "during" or "after". `exercise` is a stable key for one run of
    one exercise (e.g. "guide-session:<uuid>"). offer_grounding is True when the rating is at or
    above DISTRESS_PAUSE_AT (8), has risen by DISTRESS_RISE (3) or more over the lowest earlier
    rating of the exercise, or (phase "after") ends above the starting rating.
- distress_threshold() -> int                  DISTRESS_PAUSE_AT: a rating at or above it is high;
    after grounding, only a rating below it lets an exercise go deeper (docs/safety.md)

Added (also stable):
- check_in_url(*, next_url=None) -> str        the gentle "are you safe right now?" page
- screen_text(text, *, language=None) -> ScreeningOutcome   screening only, nothing recorded
- risk_event_recorded                          signal(event=RiskEvent, user), sent after commit
- risk_events_for(user, *, since=None, limit=100) -> list[dict]   {"id", "level", "created_at",
    "categories"}; never text
- deep_work_unlock_for(member) -> dict | None  {"unlocked_by_id", "unlocked_at", "ends_at"} if current
- unlock_deep_work(member, *, by, ends_at=None) / lock_deep_work(member)   a facilitator's decision
- safety_plan_for_reader(owner) -> list[dict] | None   the plan's sections {"label", "text"};
    the caller decides who may read it (care.access)
- crisis_lines_for(country, *, adolescent=False) -> CountryLines   lines for a country
- recent_risk_levels(user_ids, *, since) -> dict[int, dict]   most serious recent level each
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innerchild.safety.signals import risk_event_recorded  # noqa: F401  (public surface)

LEVELS = ("none", "watch", "urgent")
PHASES = ("before", "during", "after")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScreeningOutcome:
    level: str = "none"
    categories: tuple[str, ...] = ()
    event_id: int | None = None
    reasons: tuple[str, ...] = ()  # the matched phrases, for the person's own eyes only


@dataclass(frozen=True)
class Gate:
    allowed: bool
    reason: str = ""
    readiness_needed: bool = False
    code: str = ""  # "", "adolescent", "readiness_needed", "gentle_only" or "crisis"


@dataclass(frozen=True)
class DistressDecision:
    offer_grounding: bool
    reason: str = ""
    ratings: tuple[int, ...] = field(default_factory=tuple)


def _screen(text, language: str | None):
    from innerchild.safety import screening

    return screening.screen_any(text if isinstance(text, str) else "", preferred=language)


def screen_text(text: str, *, language: str | None = None) -> ScreeningOutcome:
    result = _screen(text, language)
    return ScreeningOutcome(
        level=result.level,
        categories=result.categories,
        reasons=tuple(reason.phrase for reason in result.reasons),
    )


def screen_saved_text(
    user, text: str, *, source: str, language: str | None = None
) -> ScreeningOutcome:
    from innerchild.safety.actions import do_record_risk_event

    language = language or getattr(user, "language", "") or "en"
    try:
        result = _screen(text, language)
    except Exception:
        # The text is already saved; a fault here must never reach the person as an error.
        logger.exception("screening failed for %s", source)
        return ScreeningOutcome()
    if result.level == "none":
        return ScreeningOutcome()
    event = do_record_risk_event(
        user,
        level=result.level,
        categories=result.categories,
        source=source,
        language=language,
    )
    return ScreeningOutcome(
        level=result.level,
        categories=result.categories,
        event_id=event.id,
        reasons=tuple(reason.phrase for reason in result.reasons),
    )


# The session key of the note that the watch panel (templates/safety/_watch_panel.html) shows.
WATCH_NOTE = "safety_watch_panel"
RECENT_EVENT_DAYS = 7
RECENT_EVENTS_RAISED = 2  # earlier watch/urgent events in RECENT_EVENT_DAYS
RECENT_RESULT_DAYS = 14


@dataclass(frozen=True)
class Signals:
    raised: bool = False
    reasons: tuple[str, ...] = ()  # "recent_events", "phq9_item9", "asq_positive", "thoughts_now"


def _assessment_signals(user, since) -> list[str]:
    """PHQ-9 item 9 or a positive ASQ in the window, read from the assessment rows by name (the
    safety app imports no other app; these rows hold scores and flags, never text)."""
    from django.apps import apps

    if not apps.is_installed("innerchild.assessments"):
        return []
    try:
        attempt = apps.get_model("assessments", "Attempt")
    except LookupError:
        return []
    reasons = []
    recent = attempt.objects.filter(owner=user, completed_at__isnull=False, completed_at__gte=since)
    if any(
        "self_harm_item" in (flags or [])
        for flags in recent.filter(instrument="phq9").values_list("flags", flat=True)
    ):
        reasons.append("phq9_item9")
    if recent.filter(instrument="asq", band__in=("acute_positive", "non_acute_positive")).exists():
        reasons.append("asq_positive")
    return reasons


def recent_signals(user, *, exclude_event: int | None = None) -> Signals:
    """Whether this person's recent signals are raised: several risk events in the last days, a
    PHQ-9 item 9 or positive ASQ in two weeks, or a readiness answer of thoughts of self-harm now
    in two weeks. Read from rows (levels, flags, reason codes), never from text."""
    from innerchild.safety.models import ReadinessCheck, RiskEvent

    if user is None or not getattr(user, "is_authenticated", False):
        return Signals()
    now = timezone.now()
    reasons = []
    events = RiskEvent.objects.filter(
        user=user,
        level__in=("watch", "urgent"),
        created_at__gte=now - timedelta(days=RECENT_EVENT_DAYS),
    )
    if exclude_event is not None:
        events = events.exclude(id=exclude_event)
    if events.count() >= RECENT_EVENTS_RAISED:
        reasons.append("recent_events")
    since = now - timedelta(days=RECENT_RESULT_DAYS)
    try:
        reasons += _assessment_signals(user, since)
    except Exception:
        # A signal that cannot be read must not cost the person the panel.
        logger.exception("reading assessment signals failed")
    checks = ReadinessCheck.objects.filter(user=user, created_at__gte=since)
    if any("thoughts_now" in (r or []) for r in checks.values_list("reasons", flat=True)):
        reasons.append("thoughts_now")
    return Signals(raised=bool(reasons), reasons=tuple(reasons))


def response_for_screening(
    request: HttpRequest, outcome: ScreeningOutcome, *, return_to: str
) -> HttpResponse | None:
    if outcome.level == "urgent":
        return HttpResponseRedirect(crisis_url(next_url=return_to))
    if outcome.level == "watch" and hasattr(request, "session"):
        # No redirect: the page the person goes to next shows a calm panel instead.
        signals = recent_signals(getattr(request, "user", None), exclude_event=outcome.event_id)
        request.session[WATCH_NOTE] = {"raised": signals.raised, "return_to": return_to}
    return None


def _with_query(url: str, **params) -> str:
    params = {k: v for k, v in params.items() if v}
    return f"{url}?{urlencode(params)}" if params else url


def crisis_url(*, next_url: str | None = None) -> str:
    return _with_query(reverse("safety:crisis"), next=next_url)


def check_in_url(*, next_url: str | None = None) -> str:
    return _with_query(reverse("safety:are_you_safe"), next=next_url)


def pause_url(*, return_to: str | None = None, reason: str | None = None) -> str:
    """reason: why the person is brought there, said on the page ("distress": a high rating)."""
    return _with_query(reverse("safety:pause"), **{"from": return_to, "why": reason})


def readiness_url(*, next_url: str) -> str:
    return _with_query(reverse("safety:readiness"), next=next_url)


def deep_exercise_gate(user) -> Gate:
    from innerchild.safety import rules
    from innerchild.safety.models import DeepWorkUnlock, ReadinessCheck, RiskEvent

    unlock = DeepWorkUnlock.objects.filter(member=user).first()
    if user.is_adolescent and not (unlock and unlock.is_current()):
        return Gate(allowed=False, reason=str(rules.REASON_TEXT["adolescent"]), code="adolescent")
    since = timezone.now() - rules.readiness_valid_for()
    # After writing something urgent, deep work waits a day whatever the readiness answers say.
    if RiskEvent.objects.filter(user=user, level="urgent", created_at__gte=since).exists():
        return Gate(allowed=False, reason=str(rules.REASON_TEXT["recent_crisis"]), code="crisis")
    latest = ReadinessCheck.objects.filter(user=user).order_by("-created_at", "-id").first()
    if latest is None or latest.created_at < timezone.now() - rules.readiness_valid_for():
        return Gate(
            allowed=False,
            reason=str(_("Before deep work, a few quick questions about how you are today.")),
            readiness_needed=True,
            code="readiness_needed",
        )
    if latest.outcome != rules.READY:
        text = " ".join(str(rules.REASON_TEXT[r]) for r in latest.reasons if r in rules.REASON_TEXT)
        return Gate(allowed=False, reason=text, code=latest.outcome)
    return Gate(allowed=True)


def record_distress(user, *, exercise: str, rating: int, phase: str) -> DistressDecision:
    from innerchild.safety import rules
    from innerchild.safety.actions import do_record_distress
    from innerchild.safety.models import DistressRating

    if phase not in PHASES:
        raise ValueError(f"phase must be one of {', '.join(PHASES)}")
    rating = int(rating)
    previous = list(
        DistressRating.objects.filter(user=user, exercise=exercise)
        .order_by("created_at", "id")
        .values_list("rating", flat=True)
    )
    decision = rules.distress_decision(previous, rating, phase)
    do_record_distress(
        user,
        exercise=exercise,
        phase=phase,
        rating=rating,
        offered_grounding=decision.offer_grounding,
    )
    return DistressDecision(
        offer_grounding=decision.offer_grounding,
        reason=decision.reason,
        ratings=(*previous, rating),
    )


def distress_threshold() -> int:
    from innerchild.safety import rules

    return rules.distress_pause_at()


def risk_events_for(user, *, since=None, limit: int = 100) -> list[dict]:
    from innerchild.safety.models import RiskEvent

    rows = RiskEvent.objects.filter(user=user).order_by("-created_at")
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    return [
        {"id": e.id, "level": e.level, "created_at": e.created_at, "categories": e.categories}
        for e in rows[:limit]
    ]


def deep_work_unlock_for(member) -> dict | None:
    from innerchild.safety.models import DeepWorkUnlock

    unlock = DeepWorkUnlock.objects.filter(member=member).first()
    if unlock is None or not unlock.is_current():
        return None
    return {
        "unlocked_by_id": unlock.unlocked_by_id,
        "unlocked_at": unlock.unlocked_at,
        "ends_at": unlock.ends_at,
    }


def unlock_deep_work(member, *, by, ends_at=None) -> None:
    from innerchild.safety.models import DeepWorkUnlock

    DeepWorkUnlock.objects.update_or_create(
        member=member, defaults={"unlocked_by": by, "ends_at": ends_at}
    )


def lock_deep_work(member) -> None:
    from innerchild.safety.models import DeepWorkUnlock

    DeepWorkUnlock.objects.filter(member=member).delete()


def safety_plan_for_reader(owner) -> list[dict] | None:
    from innerchild.safety.models import SafetyPlan

    plan = SafetyPlan.objects.filter(user=owner).first()
    if plan is None or plan.is_empty:
        return None
    return [{"label": s["label"], "text": s["text"]} for s in plan.sections() if s["text"].strip()]


def crisis_lines_for(country: str | None, *, adolescent: bool = False):
    from innerchild.safety.lines import lines_for

    return lines_for(country, youth=adolescent)


def recent_risk_levels(user_ids, *, since) -> dict[int, dict]:
    """For several people at once (one query): {user id: {"level", "created_at"}} of the most
    serious recent event, urgent before watch, newest first."""
    from innerchild.safety.models import RiskEvent

    found: dict[int, dict] = {}
    rows = (
        RiskEvent.objects.filter(user_id__in=list(user_ids), created_at__gte=since)
        .order_by("user_id", "-created_at")
        .values_list("user_id", "level", "created_at")
    )
    for user_id, level, created_at in rows:
        best = found.get(user_id)
        if best is None or (level == "urgent" and best["level"] != "urgent"):
            found[user_id] = {"level": level, "created_at": created_at}
    return found
