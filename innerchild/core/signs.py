"""The ten signs, loaded from content/signs.yaml. Every app names signs by these ids."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from innerchild.core.content import load_validated

SIGNS_FILE = Path(__file__).parent / "content" / "signs.yaml"

SCHEMA = {
    "type": "object",
    "required": ["signs"],
    "additionalProperties": False,
    "properties": {
        "signs": {
            "type": "array",
            "minItems": 10,
            "maxItems": 10,
            "items": {
                "type": "object",
                "required": ["id", "title", "short"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z_]+$"},
                    "title": {"type": "string", "minLength": 3},
                    "short": {"type": "string", "minLength": 3},
                },
            },
        }
    },
}


@dataclass(frozen=True)
class Sign:
    id: str
    title_source: str
    short_source: str

    @property
    def title(self) -> str:
        return _(self.title_source)

    @property
    def short(self) -> str:
        return _(self.short_source)


@cache
def all_signs() -> tuple[Sign, ...]:
    data = load_validated(SIGNS_FILE, SCHEMA).data
    return tuple(Sign(s["id"], s["title"], s["short"]) for s in data["signs"])


def sign_ids() -> tuple[str, ...]:
    return tuple(sign.id for sign in all_signs())


def get_sign(sign_id: str) -> Sign:
    for sign in all_signs():
        if sign.id == sign_id:
            return sign
    raise KeyError(sign_id)
