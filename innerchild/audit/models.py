"""An append-only log of security and consent events. It never holds content: who, what kind of
thing, which id, when. See docs/privacy.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("A login attempt failed")
    LOGOUT = "logout", _("Logged out")
    INVITATION_SENT = "invitation_sent", _("Invitation sent")
    INVITATION_DECLINED = "invitation_declined", _("Invitation declined")
    LINK_MADE = "link_made", _("Started working together")
    LINK_ENDED = "link_ended", _("Stopped working together")
    SHARE_GRANTED = "share_granted", _("Shared")
    SHARE_REVOKED = "share_revoked", _("Stopped sharing")
    SHARE_EXPIRED = "share_expired", _("Sharing ended on its date")
    FACILITATOR_READ = "facilitator_read", _("Facilitator opened shared material")
    CRISIS_ALERTS_CHANGED = "crisis_alerts_changed", _("Crisis alert choice changed")
    CRISIS_ALERT_SENT = "crisis_alert_sent", _("Crisis alert sent to a facilitator")
    DEEP_WORK_UNLOCKED = "deep_work_unlocked", _("Deep sessions unlocked")
    DEEP_WORK_LOCKED = "deep_work_locked", _("Deep sessions locked again")
    DATA_EXPORTED = "data_exported", _("Data exported")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")
    API_TOKEN_CREATED = "api_token_created", _("Personal API token created")
    API_TOKEN_REVOKED = "api_token_revoked", _("Personal API token revoked")
    TWO_STEP_ON = "two_step_on", _("Two-step sign-in turned on")
    TWO_STEP_OFF = "two_step_off", _("Two-step sign-in turned off")
    RECOVERY_CODES_MADE = "recovery_codes_made", _("New recovery codes made")
    RECOVERY_CODE_USED = "recovery_code_used", _("Logged in with a recovery code")
    TWO_STEP_FAILED = (
        "two_step_failed",
        _(
            "A wrong two-step code after the right password (if it was not you, change your password)"
        ),
    )


TARGET_LABELS = {
    "assessments": _("Questionnaire results"),
    "guide_sessions": _("Guided-session summaries"),
    "triggers": _("Trigger log"),
    "safety_plan": _("Safety plan"),
    "younger_self": _("Younger-self profile"),
    "risk_events": _("Safety signals"),
    "entry": _("A journal entry"),
    "link": _("Working together"),
    "invitation": _("An invitation"),
    "account": _("Your account"),
    "api_token": _("A personal API token"),
    "practice_records": _("Your practice records (notes, summaries, sessions)"),
}


class AppendOnly(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def about(self, user) -> AuditQuerySet:
        """Events a person may see: those about them or done by them."""
        return self.filter(models.Q(subject=user) | models.Q(actor=user))

    # Bulk writes skip the model's save() and delete(), so they are refused here too. Deleting a
    # person still removes the events about them: Django's deletion goes through the base
    # manager, not this queryset.
    def update(self, **kwargs):
        raise AppendOnly("audit events are never changed")

    def delete(self):
        raise AppendOnly("audit events are never deleted")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(db_index=True)
    event = models.CharField(max_length=32, choices=Event.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The person the event is about (a member whose data was read, for example). Deleting that
    # person deletes the events about them with the rest of their data.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # What it was about, by kind and id only: "entry" + a UUID, "assessments", "link" + a UUID.
    target_kind = models.CharField(max_length=32, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # Names and dates only (e.g. {"expires_at": "..."}); callers never put written text here.
    details = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit events are never deleted one by one")

    @property
    def target_label(self) -> str:
        return str(TARGET_LABELS.get(self.target_kind, ""))
