"""ICE servers for a person's RTCPeerConnection, with short-lived TURN credentials.

TURN uses the "TURN REST API" scheme that coturn's `use-auth-secret` understands: the username is
`<expiry unix time>:<opaque id>` and the password is base64(HMAC-SHA1(shared secret, username)).
coturn checks both on its own, so the app and the TURN server share only the secret and no
database. The opaque id is a keyed hash: coturn's logs never show who a person is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.crypto import salted_hmac

_OPAQUE_ID_SALT = "innerchild.live.turn.opaque-id"


def check_ice_settings(
    stun_urls: Sequence[str], turn_urls: Sequence[str], turn_secret: str, ttl: int
) -> None:
    """Raise ImproperlyConfigured, in one line, on settings that would give browsers no usable ICE."""
    for url in stun_urls:
        if not url.startswith(("stun:", "stuns:")):
            raise ImproperlyConfigured(
                f"STUN_URLS entries must start with stun: or stuns: (got {url!r})."
            )
    for url in turn_urls:
        if not url.startswith(("turn:", "turns:")):
            raise ImproperlyConfigured(
                f"TURN_URLS entries must start with turn: or turns: (got {url!r})."
            )
    if turn_urls and not turn_secret:
        raise ImproperlyConfigured(
            "TURN_URLS is set but TURN_SECRET (or TURN_SECRET_FILE) is empty; "
            "use the static-auth-secret of your coturn."
        )
    if turn_secret and not turn_urls:
        raise ImproperlyConfigured(
            "TURN_SECRET is set but TURN_URLS is empty; e.g. TURN_URLS=turns:turn.example.org:5349."
        )
    if turn_secret and len(turn_secret) < 16:
        raise ImproperlyConfigured("TURN_SECRET must be at least 16 characters long.")
    if not 60 <= ttl <= 7 * 24 * 3600:
        raise ImproperlyConfigured(
            f"TURN_CREDENTIAL_TTL must be between 60 and 604800 seconds (got {ttl})."
        )


def opaque_id(user) -> str:
    """A stable id for `user` that says nothing about them and cannot be turned back into them."""
    return salted_hmac(_OPAQUE_ID_SALT, str(user.pk), algorithm="sha256").hexdigest()[:20]


def turn_credentials(user, *, ttl: int | None = None) -> tuple[str, str]:
    """(username, credential) valid for `ttl` seconds from now."""
    ttl = settings.TURN_CREDENTIAL_TTL if ttl is None else ttl
    expiry = int(timezone.now().timestamp()) + ttl
    username = f"{expiry}:{opaque_id(user)}"
    digest = hmac.new(
        settings.TURN_SECRET.encode(), username.encode(), hashlib.sha1
    ).digest()  # SHA-1 because coturn's REST API scheme uses it; the credential is short-lived.
    return username, base64.b64encode(digest).decode()


def ice_servers_for(user) -> list[dict]:
    """The `iceServers` for an RTCPeerConnection of `user`; [] without STUN/TURN (loopback/LAN only)."""
    servers: list[dict] = []
    if settings.STUN_URLS:
        servers.append({"urls": list(settings.STUN_URLS)})
    if settings.TURN_URLS:
        username, credential = turn_credentials(user)
        servers.append(
            {"urls": list(settings.TURN_URLS), "username": username, "credential": credential}
        )
    return servers
