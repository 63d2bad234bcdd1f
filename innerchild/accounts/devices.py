"""The second factor's devices (django-otp): an authenticator app and one-time recovery codes."""

from __future__ import annotations

from binascii import unhexlify

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from innerchild.core.crypto import EncryptedTextField

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are copied by hand from paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_recovery_code() -> str:
    """Ten characters (about 49 bits), shown as two groups of five."""
    code = get_random_string(10, RECOVERY_ALPHABET)
    return f"{code[:5]}-{code[5:]}"


def recovery_code_digest(code) -> str:
    """A keyed hash of the code as typed, ignoring case, spaces and dashes: the database keeps
    only this, and without the site's secret key it cannot be checked against guesses."""
    typed = "".join(str(code or "").lower().split()).replace("-", "")
    return salted_hmac("innerchild.accounts.recovery-code", typed, algorithm="sha256").hexdigest()


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238). The shared key is encrypted at rest: a copy of the
    database alone cannot produce codes."""

    key = EncryptedTextField()  # hex, 20 random bytes
    step = 30
    digits = 6
    tolerance = 1
    # The time step of the last accepted code: a code is never accepted twice.
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")

    def get_throttle_factor(self) -> int:
        return settings.OTP_THROTTLE_FACTOR

    def verify_token(self, token) -> bool:
        if not self.verify_is_allowed()[0]:
            return False
        token = str(token or "").replace(" ", "")
        verified = False
        if token.isdigit() and len(token) == self.digits:
            totp = TOTP(unhexlify(self.key.encode()), self.step, 0, self.digits, 0)
            totp.time = timezone.now().timestamp()
            verified = totp.verify(int(token), self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """The person's one-time recovery codes, kept only as keyed hashes."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return settings.OTP_THROTTLE_FACTOR

    def verify_token(self, token) -> bool:
        if not self.verify_is_allowed()[0]:
            return False
        match = self.codes.filter(digest=recovery_code_digest(token)).first()
        if match is None:
            self.throttle_increment(commit=True)
            return False
        match.delete()
        self.throttle_reset(commit=True)
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return "recovery code"
