"""Login limits that count failed attempts only (OWASP authentication guidance).

Two counters of failures in a window: per client address (any account) and per account (any
address). An address over its limit is refused. An account over its limit is refused only to
addresses that themselves failed recently: guessing slows to one try per fresh address, while the
owner, logging in from an address with no failures, is never locked out of their account (and so
of their safety plan) by someone else's guesses. A successful login counts for nothing.

An owner who mistyped from their own address while someone guesses at their account would still
wait out the window; resetting the password by the emailed link proves they hold the mailbox, so
that browser gets a signed "unlock" cookie for the account, and the account's limit no longer
applies to it for an hour (the address's own limit still does).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage

IP_GROUP = "login-failures-ip"
ACCOUNT_GROUP = "login-failures-account"
UNLOCK_COOKIE = "login_unlock"
UNLOCK_SALT = "innerchild.accounts.login-unlock"
UNLOCK_SECONDS = 3600


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
    if account_failures < account_limit or ip_failures == 0:
        return False
    return not _unlocked_for(request, account or _account(ACCOUNT_GROUP, request))


def unlock_for_this_browser(response: HttpResponse, email: str) -> None:
    """After a password reset by the emailed link: this browser may log in to the account even
    while the account is over its failure limit (for UNLOCK_SECONDS)."""
    response.set_cookie(
        UNLOCK_COOKIE,
        signing.dumps(email.strip().lower(), salt=UNLOCK_SALT),
        max_age=UNLOCK_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _unlocked_for(request: HttpRequest, account: str) -> bool:
    token = request.COOKIES.get(UNLOCK_COOKIE)
    if not token or not account:
        return False
    try:
        email = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_SECONDS)
    except signing.BadSignature:
        return False
    return email == account.strip().lower()


def count_failure(request: HttpRequest, account: str | None = None) -> None:
    _usage(request, IP_GROUP, increment=True)
    _usage(request, ACCOUNT_GROUP, increment=True, account=account)
