from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innerchild.core.crypto import EncryptedTextField


class AvailabilityRule(models.Model):
    """A recurring weekly slot window in the facilitator's own time zone, e.g. Tuesdays 9:00-12:00.
    Times are wall-clock times there, so a slot stays at 9:00 across daylight-saving changes."""

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_rules"
    )
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday, as in datetime.weekday()
    start_time = models.TimeField()
    end_time = models.TimeField()
    session_minutes = models.PositiveSmallIntegerField(default=50)
    gap_minutes = models.PositiveSmallIntegerField(default=10)
    mode = models.CharField(max_length=16, default="online")
    # Where in-person sessions of this window take place; copied to each booking made in it.
    place = EncryptedTextField(blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="care_weekday_0_to_6"),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="care_window_has_length"
            ),
        ]

    def __str__(self) -> str:
        return f"weekday {self.weekday} {self.start_time}-{self.end_time}"


class AvailabilityException(models.Model):
    """Days without sessions (holidays, training), inclusive, in the facilitator's time zone."""

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    label = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"away {self.starts_on}-{self.ends_on}"


class BookingMode(models.TextChoices):
    ONLINE = "online", _("Online, by video")
    IN_PERSON = "in_person", _("In person")


class BookingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for an answer")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = (BookingStatus.PROPOSED, BookingStatus.CONFIRMED)


class BookingQuerySet(models.QuerySet):
    def open(self) -> BookingQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def for_member(self, user) -> BookingQuerySet:
        return self.filter(attendees=user)

    def for_facilitator(self, user) -> BookingQuerySet:
        return self.filter(facilitator=user)


class Booking(models.Model):
    """A session at one instant (stored in UTC), with one facilitator and one member, or several
    members for a group. Shown to each person in their own time zone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings_led"
    )
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="bookings")
    is_group = models.BooleanField(default=False)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=16, choices=BookingMode.choices, default=BookingMode.ONLINE)
    place = EncryptedTextField(blank=True)
    status = models.CharField(
        max_length=16, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # iCalendar SEQUENCE: raised on every change, so calendars replace their copy of the event.
    sequence = models.PositiveIntegerField(default=0)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            # Two open bookings of one facilitator can never start at the same instant; overlaps
            # of different starts are refused by the booking action under a row lock.
            models.UniqueConstraint(
                fields=["facilitator", "starts_at"],
                condition=Q(status__in=["proposed", "confirmed"]),
                name="care_no_double_booking",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="care_booking_has_length"
            ),
        ]

    def __str__(self) -> str:
        return f"booking {self.id} at {self.starts_at:%Y-%m-%d %H:%M}Z"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CalendarFeed(models.Model):
    """A person's private calendar feed. Only a digest of the secret token in its URL is kept, so a
    copy of the database cannot read anyone's calendar; resetting replaces the digest and the old
    URL stops working at once."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"calendar feed of {self.person_id}"
