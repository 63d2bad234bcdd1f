"""A small client for Janus's HTTP API and its VideoRoom plugin: rooms for group sessions.

Every room is private, has its own secret (derived from JANUS_ROOM_SECRET, so nothing is stored)
and admits only holders of a token that `token_for` derives per participant. Recording is off and
locked. Each public function opens a short Janus session, does its work and closes it; every HTTP
call is bounded by JANUS_TIMEOUT. Any failure becomes one `JanusError` with a readable message.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import threading
from collections.abc import Iterable
from urllib.parse import urlparse

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

VIDEOROOM = "janus.plugin.videoroom"
# Janus VideoRoom error codes this client treats as "already done".
_NO_SUCH_ROOM = 426
_ROOM_EXISTS = 427
GROUP_BITRATE = 256_000
# Room ids stay below 2**48: exact in JavaScript numbers and in Janus's uint64 ids.
_ROOM_ID_BYTES = 6


class JanusError(Exception):
    """Janus could not be reached, or refused a request."""


def check_janus_settings(url: str, timeout: float) -> None:
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise ImproperlyConfigured(
                f"JANUS_URL must be the HTTP API address, e.g. http://127.0.0.1:8088/janus (got {url!r})."
            )
    if not 0 < timeout <= 60:
        raise ImproperlyConfigured(
            f"JANUS_TIMEOUT must be between 1 and 60 seconds (got {timeout})."
        )


def janus_configured() -> bool:
    return bool(settings.JANUS_URL)


def room_id_for(room_key: str) -> int:
    digest = _keyed(f"room:{room_key}")
    return int.from_bytes(digest[:_ROOM_ID_BYTES], "big") or 1


def room_secret(room_id: int) -> str:
    """The secret that edits or destroys the room; only this server knows it."""
    return _keyed(f"secret:{room_id}").hex()


def token_for(room_id: int, participant_key: str) -> str:
    """The join token of one participant: the browser passes it to Janus as `token`."""
    return _keyed(f"token:{room_id}:{participant_key}").hex()[:32]


def publisher_id_for(room_id: int, participant_key: str) -> int:
    """A fixed publisher id per participant, so the server can kick them by key."""
    return int.from_bytes(_keyed(f"id:{room_id}:{participant_key}")[:_ROOM_ID_BYTES], "big") or 1


def ensure_room(room_key: str, *, max_publishers: int, participants: Iterable[str] = ()) -> int:
    """The id of the room for `room_key`, created if missing; `participants` (keys) may join."""
    room_id = room_id_for(room_key)
    tokens = [token_for(room_id, key) for key in participants]
    with _Session() as session:
        exists = session.request({"request": "exists", "room": room_id})
        if not exists.get("exists"):
            created = session.request(
                {
                    "request": "create",
                    "room": room_id,
                    "description": f"session {room_id}",
                    "secret": room_secret(room_id),
                    "is_private": True,
                    "allowed": tokens,
                    "publishers": max_publishers,
                    # Per publisher: 13 people at this rate need about 40 Mbit/s at Janus.
                    "bitrate": GROUP_BITRATE,
                    # A keyframe every 10 s, so someone joining late sees a picture soon.
                    "fir_freq": 10,
                    "permanent": False,
                    "record": False,
                    "lock_record": True,
                    "notify_joining": True,
                    **_admin_key(),
                },
                ok_codes={_ROOM_EXISTS},
            )
            if created.get("error_code") != _ROOM_EXISTS:
                return room_id
        # The room outlives changes to the booking: let it hold everyone booked now.
        session.request(
            {
                "request": "edit",
                "room": room_id,
                "secret": room_secret(room_id),
                "new_publishers": max_publishers,
            }
        )
        if tokens:
            session.request(_allowed(room_id, "add", tokens))
    return room_id


def room_details(room_id: int) -> dict | None:
    """Janus's own description of the room (needs JANUS_ADMIN_KEY: rooms are private)."""
    with _Session() as session:
        listed = session.request({"request": "list", **_admin_key()})
    return next((room for room in listed.get("list", []) if room["room"] == room_id), None)


def allow(room_id: int, participant_keys: Iterable[str]) -> None:
    tokens = [token_for(room_id, key) for key in participant_keys]
    if tokens:
        with _Session() as session:
            session.request(_allowed(room_id, "add", tokens))


def disallow(room_id: int, participant_keys: Iterable[str]) -> None:
    """Revoke the tokens, and remove anyone already in the room under those keys."""
    keys = list(participant_keys)
    if not keys:
        return
    with _Session() as session:
        session.request(_allowed(room_id, "remove", [token_for(room_id, key) for key in keys]))
        for key in keys:
            session.request(
                {
                    "request": "kick",
                    "room": room_id,
                    "secret": room_secret(room_id),
                    "id": publisher_id_for(room_id, key),
                },
                # Not in the room (any more): nothing to kick.
                ok_codes={_NO_SUCH_ROOM, 428},
            )


def allowed_tokens(room_id: int) -> list[str]:
    with _Session() as session:
        data = session.request(_allowed(room_id, "add", []))
    return list(data.get("allowed", []))


def close_room(room_id: int) -> None:
    """Destroy the room and disconnect everyone in it; a room already gone is fine."""
    with _Session() as session:
        session.request(
            {"request": "destroy", "room": room_id, "secret": room_secret(room_id)},
            ok_codes={_NO_SUCH_ROOM},
        )


def _allowed(room_id: int, action: str, tokens: list[str]) -> dict:
    return {
        "request": "allowed",
        "room": room_id,
        "secret": room_secret(room_id),
        "action": action,
        "allowed": tokens,
    }


def _admin_key() -> dict:
    return {"admin_key": settings.JANUS_ADMIN_KEY} if settings.JANUS_ADMIN_KEY else {}


def _keyed(message: str) -> bytes:
    if settings.JANUS_ROOM_SECRET:
        return hmac.new(
            settings.JANUS_ROOM_SECRET.encode(), message.encode(), hashlib.sha256
        ).digest()
    return salted_hmac("innerchild.live.janus", message, algorithm="sha256").digest()


_shared_client: httpx.Client | None = None
_shared_client_lock = threading.Lock()


def _client() -> httpx.Client:
    """One pooled client per process: making a client costs more than a call to Janus."""
    global _shared_client
    with _shared_client_lock:
        if _shared_client is None:
            _shared_client = httpx.Client(trust_env=False)
        return _shared_client


class _Session:
    """One Janus session with one VideoRoom handle, destroyed on exit."""

    def __init__(self) -> None:
        if not janus_configured():
            raise JanusError("Janus is not configured (JANUS_URL is empty).")
        self.url = settings.JANUS_URL.rstrip("/")
        self.client = _client()
        self.session_id: int | None = None
        self.handle_id: int | None = None

    def __enter__(self) -> _Session:
        try:
            self.session_id = self._post(self.url, {"janus": "create"})["data"]["id"]
            self.handle_id = self._post(
                f"{self.url}/{self.session_id}", {"janus": "attach", "plugin": VIDEOROOM}
            )["data"]["id"]
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        if self.session_id is not None:
            # Best effort: Janus also drops idle sessions by itself (session_timeout).
            with contextlib.suppress(JanusError):
                self._post(f"{self.url}/{self.session_id}", {"janus": "destroy"})

    def request(self, body: dict, *, ok_codes: Iterable[int] = ()) -> dict:
        """A synchronous VideoRoom request; its `data`, or JanusError on a refusal."""
        reply = self._post(
            f"{self.url}/{self.session_id}/{self.handle_id}", {"janus": "message", "body": body}
        )
        try:
            data = reply["plugindata"]["data"]
        except (KeyError, TypeError):
            raise JanusError(f"Janus gave no VideoRoom answer to {body['request']!r}.") from None
        code = data.get("error_code")
        if code is not None and code not in set(ok_codes):
            raise JanusError(
                f"Janus VideoRoom refused {body['request']!r}: {data.get('error', code)} ({code})."
            )
        return data

    def _post(self, url: str, message: dict) -> dict:
        message = {**message, "transaction": secrets.token_hex(8)}
        if settings.JANUS_API_SECRET:
            message["apisecret"] = settings.JANUS_API_SECRET
        try:
            response = self.client.post(url, json=message, timeout=settings.JANUS_TIMEOUT)
            response.raise_for_status()
            reply = response.json()
        except httpx.TimeoutException:
            raise JanusError(
                f"Janus at {self.url} did not answer within {settings.JANUS_TIMEOUT} s."
            ) from None
        except httpx.HTTPStatusError as exc:
            raise JanusError(
                f"Janus at {self.url} answered HTTP {exc.response.status_code}."
            ) from None
        except httpx.HTTPError as exc:
            raise JanusError(f"Janus at {self.url} cannot be reached ({exc}).") from None
        except ValueError:
            raise JanusError(f"Janus at {self.url} did not answer with JSON.") from None
        if not isinstance(reply, dict):
            raise JanusError(f"Janus at {self.url} did not answer with a JSON object.")
        if reply.get("janus") == "error":
            error = reply.get("error", {})
            raise JanusError(
                f"Janus refused {message['janus']!r}: {error.get('reason', 'unknown reason')} "
                f"({error.get('code', '?')})."
            )
        return reply
