"""Markdown (a safe subset) to HTML, sanitised with nh3 after rendering."""

from __future__ import annotations

from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "code",
    "pre",
    "hr",
    "a",
    "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


@cache
def _markdown() -> MarkdownIt:
    # Raw HTML off: what a person typed as <tags> shows as text.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("strikethrough")


def render_markdown(text: str) -> SafeString:
    html = _markdown().render(text or "")
    # Headings shift down one level so an entry never competes with the page's own h1.
    for level in (3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)


def plain_text(text: str) -> str:
    """The words of Markdown without its marks, for excerpts: "**What I hoped for**" reads as
    "What I hoped for". Returns unescaped text; the caller escapes it like any other."""
    parts: list[str] = []
    for token in _markdown().parse(text or ""):
        if token.type in ("code_block", "fence"):
            parts.append(token.content)
        for child in token.children or ():
            if child.type in ("text", "code_inline", "image"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        parts.append(" ")
    return " ".join("".join(parts).split())
