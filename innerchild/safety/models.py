"""Safety data: risk events (never the text), safety plans, check-in notes, readiness, distress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innerchild.core.crypto import EncryptedTextField


class Level(models.TextChoices):
    NONE = "none", _("Nothing of concern")
    WATCH = "watch", _("A gentle check-in")
    URGENT = "urgent", _("Crisis support")


class RiskEventQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class RiskEvent(models.Model):
    """One detection by the screener. The text itself is never stored here."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="risk_events"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    level = models.CharField(max_length=8, choices=Level.choices)
    categories = models.JSONField(default=list)
    source = models.CharField(max_length=200)
    language = models.CharField(max_length=8, blank=True)

    objects = RiskEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.level} {self.source}"


PLAN_SECTIONS = (
    (
        "warning_signs",
        _("My warning signs"),
        _("Thoughts, images, moods or situations that tell me a crisis may be coming."),
    ),
    (
        "coping_strategies",
        _("Things I can do on my own"),
        _("Ways to take my mind off things without contacting anyone: a walk, music, a shower."),
    ),
    (
        "distractions",
        _("People and places that take my mind off things"),
        _("Friends to be around, cafés, parks, a library, a place of worship."),
    ),
    (
        "people_to_ask",
        _("People I can ask for help"),
        _("Names and phone numbers of people I can tell that I am not okay."),
    ),
    (
        "professionals",
        _("Professionals and services I can contact"),
        _("My therapist, doctor, a local crisis team, a helpline."),
    ),
    (
        "safe_environment",
        _("Making my surroundings safer"),
        _("What I can put away, give to someone, or stay away from while I feel this way."),
    ),
    (
        "reasons_for_living",
        _("My reasons for living"),
        _("The people, animals, plans and small things that matter to me."),
    ),
)
PLAN_FIELDS = tuple(name for name, _label, _help in PLAN_SECTIONS)
# The sections where people write names and numbers to call: their numbers become links.
CONTACT_FIELDS = frozenset({"people_to_ask", "professionals"})


class SafetyPlan(models.Model):
    """A personal safety plan in the Stanley-Brown structure, every section encrypted at rest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = EncryptedTextField(blank=True)
    coping_strategies = EncryptedTextField(blank=True)
    distractions = EncryptedTextField(blank=True)
    people_to_ask = EncryptedTextField(blank=True)
    professionals = EncryptedTextField(blank=True)
    safe_environment = EncryptedTextField(blank=True)
    reasons_for_living = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"safety plan of {self.user_id}"

    def sections(self) -> list[dict]:
        return [
            {
                "name": name,
                "label": label,
                "help": help_text,
                "text": getattr(self, name),
                "contacts": name in CONTACT_FIELDS,
            }
            for name, label, help_text in PLAN_SECTIONS
        ]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in PLAN_FIELDS)


class SafetyCheckin(models.Model):
    """A short daily "how am I, really" note, private to its author and encrypted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_checkins"
    )
    body = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"check-in {self.pk}"

    @property
    def source(self) -> str:
        return f"safety-checkin:{self.pk}"


class Readiness(models.TextChoices):
    READY = "ready", _("Ready for deeper work")
    GENTLE_ONLY = "gentle_only", _("Gentle exercises for now")
    CRISIS = "crisis", _("Support first")


class ReadinessCheck(models.Model):
    """The outcome of one readiness screen, with the reasons that led to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readiness_checks"
    )
    outcome = models.CharField(max_length=16, choices=Readiness.choices)
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.outcome} at {self.created_at:%Y-%m-%d %H:%M}"


class DeepWorkUnlock(models.Model):
    """A facilitator's decision that an adolescent member may do deep exercises."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deep_work_unlock"
    )
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unlocked_at = models.DateTimeField(auto_now_add=True)
    # Optional end chosen by the facilitator; after it the unlock no longer counts.
    ends_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"deep work unlocked for {self.member_id}"

    def is_current(self, now=None) -> bool:
        return self.ends_at is None or self.ends_at > (now or timezone.now())


class Phase(models.TextChoices):
    BEFORE = "before", _("Before")
    DURING = "during", _("During")
    AFTER = "after", _("After")


class DistressRating(models.Model):
    """One SUDS rating (0-10) in one run of one exercise."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="distress_ratings"
    )
    exercise = models.CharField(max_length=200)
    phase = models.CharField(max_length=8, choices=Phase.choices)
    rating = models.PositiveSmallIntegerField()
    offered_grounding = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["user", "exercise"])]

    def __str__(self) -> str:
        return f"{self.exercise} {self.phase} {self.rating}"


class WatchChoice(models.TextChoices):
    OKAY = "okay", _("I'm okay")
    PAST = "past", _("This was about the past")


class WatchPanelCount(models.Model):
    """How often the gentle panel was answered each way, per day: a count, no person, no text."""

    day = models.DateField()
    choice = models.CharField(max_length=8, choices=WatchChoice.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "choice"], name="one_watch_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.choice}: {self.count}"
