"""Asking "is it still you?" before sensitive actions, and after inactivity on client data."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from innerchild.accounts import twofactor


def confirm_url(next_url: str) -> str:
    return f"{reverse('accounts:confirm_it_is_you')}?{urlencode({'next': next_url})}"


def recent_authentication_required(view=None, *, return_to: str | None = None):
    """The view runs only if the password or a code was given in this session within
    REAUTH_MINUTES; otherwise the person is asked again, then sent back. A stale POST returns
    them to `return_to` (the page with the form), since a form cannot be replayed safely."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not twofactor.authenticated_within(
                request.session, settings.REAUTH_MINUTES
            ):
                if request.method in ("GET", "HEAD") or not return_to:
                    back = request.get_full_path()
                else:
                    back = reverse(return_to)
                return redirect(confirm_url(back))
            return view(request, *args, **kwargs)

        return guarded

    return decorate(view) if view is not None else decorate


def ask_again_after_inactivity(view, *, setting: str, key: str):
    """Pages that open someone else's data: after `settings.<setting>` minutes in which the
    person opened none of them (and gave no password or code), they confirm it is still them.
    Only reading asks: a form sent after a long pause is saved, and the page after it asks."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if (
            request.method in ("GET", "HEAD")
            and request.user.is_authenticated
            and not active_recently(request, setting=setting, key=key)
        ):
            return redirect(confirm_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return guarded


def active_recently(request, *, setting: str, key: str) -> bool:
    """The clock `ask_again_after_inactivity` keeps in the session, for callers that answer in
    their own way (the JSON API): True, and the clock restarted, if the person opened such data
    or gave their password or a code within `settings.<setting>` minutes."""
    return twofactor.active_within(
        request.session, f"accounts_active_{key}", getattr(settings, setting)
    )
