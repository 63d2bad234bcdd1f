"""The room's WebSocket messages: JSON objects with a `type`, checked here before anything acts.

Every message from a browser names its room (`room`); a message for another room closes that
socket. Anything else that is not understood (too large, not JSON, an unknown type, a bad field)
is answered with an `error` and the socket stays open: one odd message never ends a session.
See docs/live.md for the list of messages.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

MAX_CHAT_CHARS = 2000
MAX_ANSWER_CHARS = 4000
MAX_CITY_CHARS = 120
MAX_FEELINGS = 12


class ProtocolError(ValueError):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


class WrongRoom(ProtocolError):
    pass


def _text(value: Any, limit: int, *, allow_empty: bool = False, strip: bool = True) -> str:
    if not isinstance(value, str):
        raise ProtocolError("bad_field")
    if strip:
        value = value.strip()
    if (not value and not allow_empty) or len(value) > limit:
        raise ProtocolError("bad_field")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ProtocolError("bad_field")
    return value


def _int(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ProtocolError("bad_field")
    return value


def _signal(message: dict) -> dict:
    data = message.get("data")
    if not isinstance(data, dict):
        raise ProtocolError("bad_field")
    kind = data.get("kind")
    if kind in {"offer", "answer"}:
        # An SDP ends with a line break that must stay.
        sdp = _text(data.get("sdp"), settings.LIVE_MAX_MESSAGE_BYTES, strip=False)
        clean = {"kind": kind, "sdp": sdp}
    elif kind == "candidate":
        candidate = data.get("candidate")
        if candidate is not None and not isinstance(candidate, dict):
            raise ProtocolError("bad_field")
        clean = {"kind": kind, "candidate": _candidate(candidate)}
    elif kind == "bye":
        clean = {"kind": kind}
    else:
        raise ProtocolError("bad_field")
    return {"to": _int(message.get("to"), 1, 2**63 - 1), "data": clean}


def _candidate(candidate: dict | None) -> dict | None:
    if candidate is None:
        return None  # end of candidates
    clean = {"candidate": _text(candidate.get("candidate", ""), 2000, allow_empty=True)}
    if candidate.get("sdpMid") is not None:
        clean["sdpMid"] = _text(str(candidate["sdpMid"]), 64, allow_empty=True)
    if candidate.get("sdpMLineIndex") is not None:
        clean["sdpMLineIndex"] = _int(candidate["sdpMLineIndex"], 0, 64)
    return clean


def _feelings(value: Any) -> list[str]:
    if not isinstance(value, list) or not 0 < len(value) <= MAX_FEELINGS:
        raise ProtocolError("bad_field")
    return [_text(item, 40) for item in value]


# type -> function(message) -> the cleaned fields.
VALIDATORS = {
    "ping": lambda m: {},
    "sync": lambda m: {},
    "ready": lambda m: {"ready": _bool(m.get("ready"))},
    "location": lambda m: {
        "country": _text(m.get("country"), 2).upper(),
        "city": _text(m.get("city"), MAX_CITY_CHARS),
        "private": _bool(m.get("private")),
    },
    "admit": lambda m: {"user": _int(m.get("user"), 1, 2**63 - 1)},
    "chat": lambda m: {"text": _text(m.get("text"), MAX_CHAT_CHARS)},
    "signal": _signal,
    "script.pick": lambda m: {"script": _text(m.get("script"), 120)},
    "script.step": lambda m: {
        "step": _int(m.get("step"), 0, 500),
        "confirm": bool(m.get("confirm") is True),
    },
    "pause": lambda m: {"paused": _bool(m.get("paused"))},
    "break": lambda m: {},
    "checkin.ask": lambda m: {"ask": _choice(m.get("kind"), {"distress", "feelings"})},
    "checkin": lambda m: (
        {"rating": _int(m.get("rating"), 0, 10)}
        if "rating" in m
        else {"feelings": _feelings(m.get("feelings"))}
    ),
    "answer": lambda m: {
        "step": _int(m.get("step"), 0, 500),
        "text": _text(m.get("text"), MAX_ANSWER_CHARS),
    },
    "end": lambda m: {"confirm": bool(m.get("confirm") is True)},
}


def _choice(value: Any, choices: set[str]) -> str:
    if value not in choices:
        raise ProtocolError("bad_field")
    return value


def parse(raw: str | bytes | None, room_id: str) -> tuple[str, dict]:
    """(type, cleaned fields) of one message from a browser; raises ProtocolError."""
    if raw is None:
        raise ProtocolError("malformed")
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > settings.LIVE_MAX_MESSAGE_BYTES:
        raise ProtocolError("message_too_large")
    try:
        message = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError("malformed") from None
    if not isinstance(message, dict):
        raise ProtocolError("malformed")
    if message.get("room") != room_id:
        raise WrongRoom("wrong_room")
    kind = message.get("type")
    validator = VALIDATORS.get(kind) if isinstance(kind, str) else None
    if validator is None:
        raise ProtocolError("unknown_type")
    return kind, validator(message)
