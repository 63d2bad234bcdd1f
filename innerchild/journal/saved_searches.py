"""Search words kept out of addresses: stored encrypted in the session under an opaque id.

A search form sent with GET puts what a person searched for ("divorce", "my father") into the
address bar, the browser history and any proxy's log. So the form is sent with POST, the words
are kept here, and the results page is addressed by a random id that means nothing elsewhere.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from innerchild.core import crypto

SESSION_KEY = "journal_searches"
KEEP = 10  # the newest searches kept per session, enough for a few tabs and the back button
LIFETIME = timedelta(hours=12)


def _live(request: HttpRequest) -> dict[str, dict]:
    oldest = (timezone.now() - LIFETIME).timestamp()
    stored = request.session.get(SESSION_KEY) or {}
    return {token: item for token, item in stored.items() if item.get("at", 0) >= oldest}


def remember(request: HttpRequest, words: dict[str, str]) -> str:
    """Keep `words` for this session and return the id that finds them again."""
    token = secrets.token_urlsafe(12)
    stored = _live(request)
    stored[token] = {
        "at": timezone.now().timestamp(),
        "words": crypto.encrypt_text(json.dumps(words, ensure_ascii=False)),
    }
    newest = sorted(stored.items(), key=lambda item: item[1]["at"])[-KEEP:]
    request.session[SESSION_KEY] = dict(newest)
    return token


def recall(request: HttpRequest, token: str) -> dict[str, str] | None:
    """The words kept under `token` in this session, or None when gone (expired, or not ours)."""
    item = _live(request).get(token)
    if item is None:
        return None
    try:
        words = json.loads(crypto.decrypt_text(item["words"]))
    except (crypto.InvalidToken, ValueError, KeyError, TypeError):
        return None
    return {str(k): str(v) for k, v in words.items()} if isinstance(words, dict) else None
