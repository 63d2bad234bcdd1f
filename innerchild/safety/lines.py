"""Crisis lines by country, from content/crisis_lines.yaml (data, validated by a schema)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from innerchild.core.content import ContentError, content_language, load_validated

LINES_FILE = Path(__file__).parent / "content" / "crisis_lines.yaml"

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_NUMBER = {"type": "string", "pattern": r"^[0-9][0-9 \-]*$"}
_URL = {"type": "string", "pattern": r"^https://"}

SCHEMA = {
    "type": "object",
    "required": ["international", "countries"],
    "additionalProperties": False,
    "properties": {
        "international": {
            "type": "object",
            "required": ["name", "url", "description", "source", "last_verified", "emergency"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"},
                "url": _URL,
                # One text per interface language: the only sentence in this file.
                "description": {
                    "type": "object",
                    "required": [code for code, _name in settings.LANGUAGES],
                    "additionalProperties": {"type": "string", "minLength": 2},
                },
                "source": _URL,
                "last_verified": _DATE,
                "emergency": _NUMBER,
            },
        },
        "countries": {
            "type": "object",
            "propertyNames": {"pattern": "^[A-Z]{2}$"},
            "additionalProperties": {
                "type": "object",
                "required": ["emergency", "lines"],
                "additionalProperties": False,
                "properties": {
                    "emergency": _NUMBER,
                    "lines": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["name", "audience", "source", "last_verified"],
                            "anyOf": [
                                {"required": ["call"]},
                                {"required": ["text"]},
                                {"required": ["chat"]},
                            ],
                            "additionalProperties": False,
                            "properties": {
                                "name": {"type": "string", "minLength": 1},
                                "audience": {"enum": ["all", "youth"]},
                                "call": _NUMBER,
                                "text": _NUMBER,
                                "text_body": {"type": "string", "pattern": "^[A-Z0-9]+$"},
                                "chat": _URL,
                                "hours": {"type": "string"},
                                "source": _URL,
                                "last_verified": _DATE,
                            },
                        },
                    },
                },
            },
        },
    },
}


def _digits(number: str) -> str:
    return re.sub(r"[^0-9+]", "", number)


@dataclass(frozen=True)
class Line:
    name: str
    audience: str
    call: str = ""
    text: str = ""
    text_body: str = ""
    chat: str = ""
    hours: str = ""
    source: str = ""
    last_verified: str = ""

    @property
    def tel_href(self) -> str:
        return f"tel:{_digits(self.call)}" if self.call else ""

    @property
    def sms_href(self) -> str:
        if not self.text:
            return ""
        # "?&body=" is understood by both Android and iOS messaging apps.
        body = f"?&body={self.text_body}" if self.text_body else ""
        return f"sms:{_digits(self.text)}{body}"

    @property
    def is_youth(self) -> bool:
        return self.audience == "youth"


@dataclass(frozen=True)
class CountryLines:
    country: str  # "" when unknown: the international directory is shown instead
    emergency: str
    lines: tuple[Line, ...]
    international: dict

    @property
    def emergency_href(self) -> str:
        return f"tel:{_digits(self.emergency)}"

    @property
    def known(self) -> bool:
        return bool(self.country)


def check_lines() -> list[str]:
    try:
        load_validated(LINES_FILE, SCHEMA)
    except ContentError as exc:
        return exc.problems
    return []


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_validated(LINES_FILE, SCHEMA).data


def known_countries() -> list[str]:
    return sorted(_data()["countries"])


def _international() -> dict:
    international = _data()["international"]
    return {**international, "description": international["description"][content_language()]}


def lines_for(country: str | None, *, youth: bool = False) -> CountryLines:
    """The lines for `country` (youth lines first for young people), or the international fallback."""
    data = {**_data(), "international": _international()}
    code = (country or "").strip().upper()
    entry = data["countries"].get(code)
    if entry is None:
        return CountryLines(
            country="",
            emergency=data["international"]["emergency"],
            lines=(),
            international=data["international"],
        )
    lines = [Line(**line) for line in entry["lines"]]
    if youth:
        lines.sort(key=lambda line: not line.is_youth)
    return CountryLines(
        country=code,
        emergency=entry["emergency"],
        lines=tuple(lines),
        international=data["international"],
    )
