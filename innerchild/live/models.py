"""The live room of a booked session: who is in it, where the script is, chat and check-ins.

Everything a person writes (chat, answers, the city they are in) is encrypted at rest. The room's
state lives here rather than in the socket, so a dropped connection or a restarted server finds
the same step, chat and ratings again. Nothing of the audio or video is ever stored.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innerchild.core.crypto import EncryptedTextField

# No 0/O, 1/I/L: a code read from a screen across a room and typed on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def window_for(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    """When the room of a booking opens and closes (the hard cap wins over a long booking)."""
    opens = starts_at - timedelta(minutes=settings.LIVE_OPEN_BEFORE_MINUTES)
    closes = min(
        ends_at + timedelta(minutes=settings.LIVE_CLOSE_AFTER_MINUTES),
        starts_at + timedelta(hours=settings.LIVE_MAX_HOURS),
    )
    return opens, closes


class Room(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking_id = models.UUIDField(unique=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_rooms_led"
    )
    mode = models.CharField(max_length=16, default="online")
    is_group = models.BooleanField(default=False)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    join_code = models.CharField(max_length=8, unique=True, default=new_join_code)
    script_id = models.CharField(max_length=120, blank=True)
    script_language = models.CharField(max_length=8, default="en")
    step = models.PositiveIntegerField(default=0)
    furthest_step = models.PositiveIntegerField(default=0)
    paused = models.BooleanField(default=False)
    paused_by_member = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return f"room {self.id}"

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.ended_at is None and self.opens_at <= now < self.closes_at

    def group_name(self) -> str:
        return f"live.{self.id.hex}"


class ParticipantRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")


class Participant(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_participations"
    )
    role = models.CharField(max_length=16, choices=ParticipantRole.choices)
    # The socket that speaks for this person now; a newer tab replaces it.
    channel_name = models.CharField(max_length=200, blank=True)
    # Raised on every new socket, so the other side knows to start a fresh peer connection.
    connection = models.PositiveIntegerField(default=0)
    online = models.BooleanField(default=False)
    ready = models.BooleanField(default=False)
    admitted_at = models.DateTimeField(null=True, blank=True)
    location_country = models.CharField(max_length=2, blank=True)
    location_city = EncryptedTextField(blank=True)
    somewhere_private = models.BooleanField(default=False)
    location_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="live_one_participant_each")
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.user_id} in {self.room_id}"

    @property
    def admitted(self) -> bool:
        return self.role == ParticipantRole.FACILITATOR or self.admitted_at is not None


class ChatMessage(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"chat {self.id}"


class CheckInKind(models.TextChoices):
    DISTRESS = "distress", _("Distress")
    FEELINGS = "feelings", _("Feelings")


class CheckIn(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="checkins")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=CheckInKind.choices)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    # Ids from the journal's feelings vocabulary only, never words a person typed.
    feelings = models.JSONField(default=list, blank=True)
    phase = models.CharField(max_length=8, default="during")
    step = models.PositiveIntegerField(null=True, blank=True)
    offered_grounding = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} check-in {self.id}"


class ScriptAnswer(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    script_id = models.CharField(max_length=120)
    step = models.PositiveIntegerField()
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"answer {self.id}"
