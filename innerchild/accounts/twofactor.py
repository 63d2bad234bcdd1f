"""Two-step sign-in and "is it still you?" checks: who needs what, and the session keys they use.

A person with a confirmed authenticator app gives a code after their password; facilitators and
staff must have one before any care page or the admin (accounts.middleware). Separately, some
actions ask for the password or a code again when the last one given in this session is old
(`recent_authentication_required` in accounts.api).
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.util import random_hex

from innerchild.accounts.devices import (
    RECOVERY_CODE_COUNT,
    AuthenticatorDevice,
    RecoveryCode,
    RecoveryCodeDevice,
    new_recovery_code,
    recovery_code_digest,
)

# When the password or a code was last given in this session (seconds since the epoch).
AUTH_AT = "accounts_auth_at"
# Between a correct password and the code: who is logging in (not logged in yet).
PENDING = "accounts_two_step_pending"
# Recovery codes just made, shown once on the next page and then forgotten.
NEW_CODES = "accounts_new_recovery_codes"
PENDING_SECONDS = 300
ISSUER = "innerchild"


def two_step_required(user) -> bool:
    """Facilitators (who see clients' material) and staff (who use the admin) must use it."""
    return bool(user.is_authenticated and (getattr(user, "is_facilitator", False) or user.is_staff))


def session_passed_two_step(user, session) -> bool:
    """For what runs outside the request cycle (WebSockets): the session gave a code if `user`
    needs one (what django-otp's middleware checks for pages)."""
    if not two_step_required(user):
        return True
    persistent_id = (session or {}).get(DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.user_id == user.pk and device.confirmed


def authenticator_for(user) -> AuthenticatorDevice | None:
    if not user.is_authenticated:
        return None
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()


def has_two_step(user) -> bool:
    return (
        user.is_authenticated
        and AuthenticatorDevice.objects.filter(user=user, confirmed=True).exists()
    )


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def new_key() -> str:
    return random_hex(20)


def key_for_typing(hex_key: str) -> str:
    """The key as authenticator apps ask for it by hand: base32, in groups of four."""
    text = b32encode(unhexlify(hex_key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def otpauth_url(hex_key: str, account: str) -> str:
    label = quote(f"{ISSUER}:{account}")
    params = urlencode(
        {"secret": b32encode(unhexlify(hex_key)).decode(), "issuer": ISSUER, "digits": 6}
    )
    return f"otpauth://totp/{label}?{params}"


def qr_svg(url: str, title: str) -> str:
    """An inline SVG drawing of the QR code (no script, no style: the CSP stays strict)."""
    svg = segno.make(url, error="m").svg_inline(scale=5, title=title, border=2)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)


def code_for(hex_key: str, at=None) -> str:
    """The current six-digit code of a key (what the person's app shows); tests use it too."""
    totp = TOTP(unhexlify(hex_key), step=30, t0=0, digits=6, drift=0)
    totp.time = (at or timezone.now()).timestamp()
    return f"{totp.token():06d}"


def verify_code(user, code: str):
    """The device that accepted the code, or None. Six digits are checked against the
    authenticator app; anything else against the recovery codes, each of which works once."""
    typed = "".join(str(code or "").split())
    model = AuthenticatorDevice if typed.isdigit() and len(typed) == 6 else RecoveryCodeDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(typed):
            return device
    return None


def is_recovery(device) -> bool:
    return isinstance(device, RecoveryCodeDevice)


def make_recovery_codes(user) -> list[str]:
    """Replaces the person's recovery codes with new ones; returns them (the only plain copy)."""
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery codes", "confirmed": True}
    )
    device.codes.all().delete()
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


def now_seconds() -> float:
    return timezone.now().timestamp()


def note_authenticated(session) -> None:
    session[AUTH_AT] = now_seconds()


def authenticated_within(session, minutes: int) -> bool:
    return now_seconds() - float(session.get(AUTH_AT) or 0) <= minutes * 60


def active_within(session, key: str, minutes: int) -> bool:
    """True if the password or a code was given, or `key` was last touched, in the last
    `minutes`; then touches `key`. Inactivity, not age, is what asks again."""
    last = max(float(session.get(AUTH_AT) or 0), float(session.get(key) or 0))
    now = now_seconds()
    if now - last > minutes * 60:
        return False
    session[key] = now
    return True


def reauth_minutes() -> int:
    return settings.REAUTH_MINUTES
