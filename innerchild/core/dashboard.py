"""The dashboard's panels (and other pages' parts that read a person's history), rendered once and
kept in the cache until the person changes something.

Every panel is a few queries and a template; together they cost several times a bare page. They
only change when the person writes something, when the day changes, or when they switch language,
so the rendered panels are cached under a key made of those and of a per-person version number.
Any write request by the person, and any saved or deleted row they own, bumps the version.

The cached HTML holds decrypted words (an affirmation, today's prompt), so it is stored encrypted
with the same keys as everything else: a cache that is written to disk never holds plaintext.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from innerchild.core import crypto, registry

FRESH_FOR_SECONDS = 300
# Set when onboarding is finished: the first dashboard says "Welcome", later ones "Welcome back".
FIRST_VISIT_SESSION_KEY = "innerchild-first-visit"
OWNER_ATTRIBUTES = ("owner_id", "user_id")


def _version_key(user_id: int) -> str:
    return f"dashboard-version:{user_id}"


def bump(user_id: int | None) -> None:
    if user_id is not None:
        cache.set(_version_key(user_id), timezone.now().timestamp(), FRESH_FOR_SECONDS * 4)


SAFE_NAME = re.compile(r"[\w:.=&%+-]{1,120}")


def _panels_key(request, version, name: str = "dashboard") -> str:
    # A page's arguments come from the address: anything unusual in them is hashed, so a key is
    # always short and plain (memcached refuses spaces and control characters).
    if not SAFE_NAME.fullmatch(name):
        name = "h:" + hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:32]
    session_key = getattr(getattr(request, "session", None), "session_key", None) or ""
    session = hashlib.sha256(session_key.encode()).hexdigest()[:16]
    today = timezone.localdate().isoformat()
    zone = timezone.get_current_timezone_name()
    return (
        f"{name}:{request.user.pk}:{session}:{version}:{today}:{zone}:{translation.get_language()}"
    )


def render_panels(request) -> SafeString:
    parts = []
    for panel in registry.dashboard_panels:
        data = panel.context(request)
        if data is None:
            continue
        inner = render_to_string(
            panel.template, {"panel_id": panel.key, "data": data}, request=request
        )
        parts.append(
            f'<section class="panel" aria-labelledby="panel-{panel.key}">{inner}</section>'
        )
    return mark_safe("".join(parts))


def cached_panels(request) -> SafeString:
    return personal_fragment(request, "dashboard", lambda: render_panels(request))


def personal_fragment(request, name: str, render: Callable[[], str]) -> SafeString:
    """`render()`'s HTML for this person, this session, day, time zone and language, from the
    cache while they have changed nothing (encrypted there, like the dashboard's panels).
    `name` must name everything else the HTML depends on (the page, its number, its filters)."""
    return mark_safe(personal_value(request, name, lambda: {"html": str(render())})["html"])


def personal_value(request, name: str, compute: Callable[[], dict]) -> dict:
    """As personal_fragment, for a JSON-able dict (HTML and what the page around it needs)."""
    version = cache.get(_version_key(request.user.pk), 0)
    key = _panels_key(request, version, name)
    token = cache.get(key)
    if token is not None:
        try:
            return json.loads(crypto.decrypt_text(token))
        except (crypto.InvalidToken, ValueError):
            pass  # keys rotated since: compute again
    value = compute()
    cache.set(key, crypto.encrypt_text(json.dumps(value)), FRESH_FOR_SECONDS)
    return value


class FreshDashboardMiddleware:
    """A write request by a person may change what their dashboard shows."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE_METHODS:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                bump(user.pk)
        return response


def _row_changed(sender, instance, **kwargs) -> None:
    for attribute in OWNER_ATTRIBUTES:
        owner = getattr(instance, attribute, None)
        if isinstance(owner, int):
            bump(owner)
            return


def connect_signals() -> None:
    """Writes outside a request (commands, demo data, imports) refresh the dashboard too."""
    post_save.connect(_row_changed, dispatch_uid="dashboard-row-saved")
    post_delete.connect(_row_changed, dispatch_uid="dashboard-row-deleted")
