"""Phone numbers a person wrote in their safety plan's contacts, made tappable: in a hard moment
one tap should call the person they chose, not copying digits by hand."""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# A run of digits with the separators people type ("+34 600 12 34 56", "(555) 123-4567"); the
# count of digits is checked afterwards. No letters, so "call after 6" or a name never matches.
CANDIDATE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]*\d(?![\w])")
# Dates and times are numbers too, but not phone numbers.
DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
MIN_DIGITS = 6
MAX_DIGITS = 15  # the longest international number (E.164)


def tel_href(number: str) -> str | None:
    """`tel:` plus the digits only (and a leading +): nothing a person typed beyond that."""
    text = number.strip()
    if DATE_LIKE.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return None
    return "tel:" + ("+" if text.startswith("+") else "") + digits


def _link_line(line: str) -> str:
    parts: list[str] = []
    last = 0
    for match in CANDIDATE.finditer(line):
        # Trailing separators ("555 1234." at the end of a sentence) stay outside the link.
        number = match.group().rstrip(" .-(")
        start = match.start()
        end = start + len(number)
        href = tel_href(number)
        if href is None:
            continue
        parts.append(escape(line[last:start]))
        parts.append(format_html('<a href="{}">{}</a>', href, number))
        last = end
    parts.append(escape(line[last:]))
    return "".join(parts)


def link_phone_numbers(text: str) -> SafeString:
    """The text, escaped, with line breaks kept and each phone number a `tel:` link."""
    lines = text.replace("\r\n", "\n").split("\n")
    return mark_safe("<br>".join(_link_line(line) for line in lines))  # every piece escaped above
