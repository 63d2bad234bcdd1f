"""Reading a JSON request body without ever failing with a server error.

`json.loads` alone raises RecursionError on deeply nested input and happily returns strings with
lone surrogates (from escapes such as "\\ud800"), which break later when encoded or encrypted.
Every JSON endpoint reads its body through `parse`, which turns each of these into one clear
`BadJson` message for a 400 answer.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

# Real payloads nest three or four levels (an entry, its details, a turn); this leaves room.
MAX_DEPTH = 32


class BadJson(ValueError):
    pass


def parse(body: bytes, *, empty=None):
    if not body:
        return empty
    try:
        value = json.loads(body)
    except RecursionError:
        raise BadJson(_("The JSON is nested too deeply.")) from None
    except (ValueError, UnicodeDecodeError):
        raise BadJson(_("The request body is not valid JSON.")) from None
    check(value)
    return value


def check(value) -> None:
    """Iteratively (no recursion to exhaust): depth and text that can be stored as UTF-8."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        elif isinstance(item, str):
            if not _encodable(item):
                raise BadJson(
                    _("The text contains an invalid character (a lone surrogate escape).")
                )
            continue
        else:
            continue
        if depth > MAX_DEPTH:
            raise BadJson(
                _("The JSON is nested too deeply: at most %(depth)s levels.") % {"depth": MAX_DEPTH}
            )
        stack.extend((child, depth + 1) for child in children)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
