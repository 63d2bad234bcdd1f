from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from innerchild.accounts.age import AgeMode, age_mode, age_this_year
from innerchild.core.crypto import EncryptedTextField


class Role(models.TextChoices):
    MEMBER = "member", _("Member: I am here for my own healing")
    FACILITATOR = "facilitator", _("Facilitator or therapist: I guide others")


class Path(models.TextChoices):
    SELF_GUIDED = "self_guided", _("On my own, at my own pace")
    FACILITATED = "facilitated", _("With a therapist or facilitator")
    BOTH = "both", _("Both: on my own and with someone")


class ReminderFrequency(models.TextChoices):
    OFF = "off", _("No reminders")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Once a week")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        # People created here (admin, demo data, tests) have a known address; sign-up passes
        # email_verified_at=None and the person confirms their address by email.
        fields.setdefault("email_verified_at", dj_timezone.now())
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("display_name", "Admin")
        fields.setdefault("birth_year", dj_timezone.now().year - 30)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    # Encrypted like everything a person writes: a name is often a real first name.
    display_name = EncryptedTextField(_("display name"), max_length=80)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    facilitator_verified = models.BooleanField(
        default=False, help_text="Set by staff after checking the facilitator's credentials."
    )
    timezone = models.CharField(_("timezone"), max_length=64, default="UTC")
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    country = CountryField(_("country"), blank=True)
    reminder_frequency = models.CharField(
        _("reminders"),
        max_length=8,
        choices=ReminderFrequency.choices,
        default=ReminderFrequency.OFF,
    )
    reminder_hour = models.PositiveSmallIntegerField(_("reminder hour"), default=19)
    path = models.CharField(max_length=16, choices=Path.choices, blank=True)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    onboarded_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=dj_timezone.now)
    # Empty until the person opens the link emailed at sign-up; no login before that.
    email_verified_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name", "birth_year"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def age_this_year(self) -> int:
        return age_this_year(self.birth_year, dj_timezone.now().year)

    @property
    def age_mode(self) -> AgeMode:
        return age_mode(
            self.birth_year,
            dj_timezone.now().year,
            minimum_age=settings.MINIMUM_AGE,
            adult_age=settings.ADULT_AGE,
        )

    @property
    def is_adolescent(self) -> bool:
        return self.age_mode == AgeMode.ADOLESCENT

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR


# The second factor's devices live in their own module; imported here so Django finds them.
from innerchild.accounts.devices import (  # noqa: E402, F401
    AuthenticatorDevice,
    RecoveryCode,
    RecoveryCodeDevice,
)
