"""Shapes shared by every router: the error body and the error codes each operation documents."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the person's language.")
    errors: dict[str, list[str]] | None = Field(
        None, description="For 422: the field (dotted path for nested fields) and its problems."
    )
    confirm_url: str | None = Field(
        None,
        description="For 403 on a client's material through the browser session after "
        "CARE_REAUTH_MINUTES without opening any: the page where the person confirms it is "
        "them; call again afterwards.",
    )


# Every operation may answer these: bad JSON, no or bad credentials, missing CSRF token on a
# session call (or a stale session on a client's material), not found (or not yours), too large,
# invalid values, too many token calls.
ERROR_CODES = (400, 401, 403, 404, 413, 422, 429)


def responses(ok: dict) -> dict:
    return {**ok, **dict.fromkeys(ERROR_CODES, ErrorOut)}
