from __future__ import annotations

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from innerchild.accounts.models import User
from innerchild.core import registry


@transaction.atomic
def do_sign_up(
    *,
    email: str,
    password: str,
    display_name: str,
    birth_year: int,
    role: str,
    country: str = "",
    language: str = "en",
) -> User:
    return User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name.strip(),
        birth_year=birth_year,
        role=role,
        country=country,
        language=language,
    )


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
    """Delete the person and, through cascades, every row they own."""
    user.delete()


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


def build_export(user: User) -> bytes:
    """Everything the person owns, as a zip: data.json plus any files apps add (Markdown, photos)."""
    data: dict = {"format": "innerchild-export", "version": 1, "exported_at": timezone.now()}
    data["account"] = account_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for build in registry.export_sections:
            section = build(user)
            data[section.name] = section.data
            for name, content in section.files.items():
                archive.writestr(f"{section.name}/{name}", content)
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
    return buffer.getvalue()
