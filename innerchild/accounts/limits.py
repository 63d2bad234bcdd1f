"""Login limits that count failed attempts only (OWASP authentication guidance).

Two counters of failures in a window: per client address (any account) and per account (any
address). An address over its limit is refused. An account over its limit is refused only to
addresses that themselves failed recently: guessing slows to one try per fresh address, while the
owner, logging in from an address with no failures, is never locked out of their account (and so
of their safety plan) by someone else's guesses. A successful login counts for nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

IP_GROUP = "login-failures-ip"
ACCOUNT_GROUP = "login-failures-account"


def _account(group: str, request: HttpRequest) -> str:
    return (request.POST.get("username") or "").strip().lower()


def _usage(
    request: HttpRequest, group: str, *, increment: bool, account: str | None = None
) -> dict | None:
    if group == IP_GROUP:
        key, rate = "ip", settings.LOGIN_RATE_PER_IP
    elif account is not None:
        # The second step and "is it still you?" know the account without a username field.
        key, rate = (lambda group, request: account.lower()), settings.LOGIN_RATE_PER_ACCOUNT
    else:
        key, rate = _account, settings.LOGIN_RATE_PER_ACCOUNT
    return get_usage(request, group=group, key=key, rate=rate, increment=increment)


def _count(usage: dict | None) -> tuple[int, int]:
    if usage is None:  # rate limiting is turned off
        return 0, 1
    return usage["count"], usage["limit"]


def login_refused(request: HttpRequest, account: str | None = None) -> bool:
    """True if this attempt must wait, before the password (or code) is even checked. Wrong
    codes count with wrong passwords: they share the account's and the address's limits."""
    ip_failures, ip_limit = _count(_usage(request, IP_GROUP, increment=False))
    if ip_failures >= ip_limit:
        return True
    account_failures, account_limit = _count(
        _usage(request, ACCOUNT_GROUP, increment=False, account=account)
    )
    return account_failures >= account_limit and ip_failures > 0


def count_failure(request: HttpRequest, account: str | None = None) -> None:
    _usage(request, IP_GROUP, increment=True)
    _usage(request, ACCOUNT_GROUP, increment=True, account=account)
