"""Logins, logouts and failed logins go to the audit log through Django's auth signals."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed


def _logged_in(sender, request, user, **kwargs) -> None:
    from innerchild.audit import api

    api.record(api.Event.LOGIN, actor=user, subject=user, target_kind="account")


def _logged_out(sender, request, user, **kwargs) -> None:
    from innerchild.audit import api

    if user is not None:
        api.record(api.Event.LOGOUT, actor=user, subject=user, target_kind="account")


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    from innerchild.audit import api

    # Only failures against an existing account are recorded, about that account: the person
    # sees attempts on their account; a list of unknown addresses would be worth nothing.
    email = (credentials or {}).get("username") or (credentials or {}).get("email") or ""
    person = get_user_model().objects.filter(email=str(email).strip().lower()).first()
    if person is not None:
        api.record(api.Event.LOGIN_FAILED, subject=person, target_kind="account")


def register() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
