"""Absolute addresses for links that leave the site (emails, calendar invitations)."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (from reverse()) on the site's public address, SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path
