from __future__ import annotations

import datetime
import io
import json
import zipfile
import zoneinfo
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from innerchild.accounts.models import User
from innerchild.accounts.tokens import email_confirmation_token
from innerchild.audit import api as audit
from innerchild.core import jobs, registry
from innerchild.core.db import scrub_deleted_rows


@dataclass(frozen=True)
class SignUp:
    email: str
    password: str
    display_name: str
    birth_year: int
    role: str
    country: str = ""
    language: str = "en"


def do_sign_up(data: SignUp, *, site_url: str) -> User | None:
    """Create a pending account and email a confirmation link; if the address already has a
    confirmed account, email its owner how to log in instead. The caller answers the same either
    way, so the page never tells anyone whether an address has an account.

    Returns the pending account, or None when the address was already taken.
    """
    try:
        with transaction.atomic():
            return _sign_up(data, site_url=site_url)
    except IntegrityError:
        # Two sign-ups for one address at once: the other one created it.
        with transaction.atomic():
            return _sign_up(data, site_url=site_url)


def _sign_up(data: SignUp, *, site_url: str) -> User | None:
    existing = User.objects.select_for_update().filter(email__iexact=data.email).first()
    if existing is not None and existing.email_verified:
        # Hash anyway, so this path takes as long as creating an account.
        make_password(data.password)
        _send_account_exists(existing, site_url=site_url)
        return None
    fields = {
        "display_name": data.display_name.strip(),
        "birth_year": data.birth_year,
        "role": data.role,
        "country": data.country,
        "language": data.language,
    }
    if existing is None:
        user = User.objects.create_user(
            email=data.email, password=data.password, email_verified_at=None, **fields
        )
    else:
        # Nobody has proved they own a pending address: the newest sign-up replaces the details
        # and the password, and only its link works.
        user = existing
        for name, value in fields.items():
            setattr(user, name, value)
        user.set_password(data.password)
        user.save(update_fields=[*fields, "password"])
    send_confirmation(user, site_url=site_url)
    return user


def send_confirmation(user: User, *, site_url: str) -> None:
    link = site_url + reverse(
        "accounts:confirm_email",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_confirmation_token.make_token(user),
        },
    )
    with translation.override(user.language or "en"):
        body = render_to_string("accounts/email/confirm_address.txt", {"link": link, "user": user})
        subject = _("Confirm your email address for innerchild")
    jobs.send_mail_later(to=[user.email], subject=subject, body=body)


def _send_account_exists(user: User, *, site_url: str) -> None:
    with translation.override(user.language or "en"):
        body = render_to_string(
            "accounts/email/account_exists.txt",
            {
                "login_link": site_url + reverse("accounts:login"),
                "reset_link": site_url + reverse("accounts:password_reset"),
            },
        )
        subject = _("You already have an innerchild account")
    jobs.send_mail_later(to=[user.email], subject=subject, body=body)


def do_resend_confirmation(email: str, *, site_url: str) -> None:
    """Email a new link to a pending account, or the account's owner how to log in; nothing for
    an address without an account. The caller answers the same in every case."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        return
    if user.email_verified:
        _send_account_exists(user, site_url=site_url)
    else:
        send_confirmation(user, site_url=site_url)


@transaction.atomic
def do_confirm_email(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


@transaction.atomic
def do_complete_onboarding(user: User, *, path: str) -> None:
    now = timezone.now()
    user.path = path
    user.terms_accepted_at = now
    user.onboarded_at = now
    user.save(update_fields=["path", "terms_accepted_at", "onboarded_at"])


@transaction.atomic
def do_update_profile(user: User, changes: dict) -> None:
    for name, value in changes.items():
        setattr(user, name, value)
    user.save(update_fields=list(changes))


@transaction.atomic
def do_change_email(user: User, new_email: str) -> None:
    user.email = new_email
    user.save(update_fields=["email"])


@transaction.atomic
def do_delete_account(user: User) -> None:
    """Delete the person and, through cascades, every row they own; end their sessions on every
    device; then push the deleted rows out of SQLite's write-ahead log."""
    _delete_sessions_of(user.pk)
    user.delete()
    transaction.on_commit(scrub_deleted_rows)


def _delete_sessions_of(user_id: int) -> None:
    """Session rows (and their cached copies) that name the person. Sessions are signed blobs,
    not rows with a user column, so each is decoded; logins are few next to everything else."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    wanted = str(user_id)
    keys = [
        session.session_key
        for session in Session.objects.iterator(chunk_size=1000)
        if str(session.get_decoded().get(SESSION_KEY)) == wanted
    ]
    for key in keys:
        store(session_key=key).delete()


def account_data(user: User) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "birth_year": user.birth_year,
        "role": user.role,
        "timezone": user.timezone,
        "language": user.language,
        "country": str(user.country or ""),
        "reminder_frequency": user.reminder_frequency,
        "reminder_hour": user.reminder_hour,
        "path": user.path,
        "date_joined": user.date_joined,
        "terms_accepted_at": user.terms_accepted_at,
        "onboarded_at": user.onboarded_at,
    }


class _PersonTimeJSONEncoder(DjangoJSONEncoder):
    """Writes every date and time in the person's zone, with its offset, as they would read it."""

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o) and self.zone:
            o = o.astimezone(self.zone)
        return super().default(o)


def build_export(user: User) -> bytes:
    """Everything the person owns, as a zip: data.json plus any files apps add (Markdown, photos)."""
    try:
        zone = zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    data: dict = {
        "format": "innerchild-export",
        "version": 1,
        "exported_at": timezone.now(),
        "timezone": str(zone),
    }
    data["account"] = account_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for build in registry.export_sections:
            section = build(user)
            data[section.name] = section.data
            for name, content in section.files.items():
                archive.writestr(f"{section.name}/{name}", content)
        archive.writestr(
            "data.json",
            json.dumps(data, cls=_PersonTimeJSONEncoder, zone=zone, indent=2, ensure_ascii=False),
        )
    return buffer.getvalue()


def _record(event: str, user: User) -> None:
    # Which event and whose account only: never a key or a code.
    audit.record(event, actor=user, subject=user, target_kind="account")


@transaction.atomic
def do_turn_on_two_step(user: User, device) -> list[str]:
    """Confirms the authenticator app the person just proved they have; returns new recovery
    codes (their only plain copy)."""
    from innerchild.accounts import twofactor
    from innerchild.accounts.devices import AuthenticatorDevice

    device.confirmed = True
    device.save(update_fields=["confirmed"])
    AuthenticatorDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    _record(audit.Event.TWO_STEP_ON, user)
    return twofactor.make_recovery_codes(user)


@transaction.atomic
def do_new_recovery_codes(user: User) -> list[str]:
    from innerchild.accounts import twofactor

    _record(audit.Event.RECOVERY_CODES_MADE, user)
    return twofactor.make_recovery_codes(user)


@transaction.atomic
def do_turn_off_two_step(user: User) -> None:
    from innerchild.accounts.devices import AuthenticatorDevice, RecoveryCodeDevice

    AuthenticatorDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    _record(audit.Event.TWO_STEP_OFF, user)


def do_note_wrong_two_step_code(user: User) -> None:
    """Someone gave this account's password and then a wrong code: the person should know, as it
    may mean their password is known to someone else. About the account, by nobody known."""
    audit.record(audit.Event.TWO_STEP_FAILED, subject=user, target_kind="account")


def do_note_recovery_code_used(user: User) -> None:
    """The code itself is already gone (each works once); the person sees that it was used."""
    _record(audit.Event.RECOVERY_CODE_USED, user)
