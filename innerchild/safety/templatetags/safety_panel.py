"""The calm panel shown after a `watch` screening (see safety.api.response_for_screening)."""

from __future__ import annotations

from django import template

from innerchild.safety import api

register = template.Library()


@register.inclusion_tag("safety/_watch_panel.html", takes_context=True)
def watch_panel(context) -> dict:
    request = context.get("request")
    session = getattr(request, "session", None)
    # Shown once: the note is taken out of the session as the panel is drawn.
    note = session.pop(api.WATCH_NOTE, None) if session is not None else None
    if not note:
        return {"show": False}
    user = request.user
    lines = None
    if note.get("raised"):
        from innerchild.safety.lines import lines_for

        lines = lines_for(
            str(getattr(user, "country", "") or ""),
            youth=bool(getattr(user, "is_adolescent", False)),
        )
    return_to = note.get("return_to") or request.path
    return {
        "show": True,
        "raised": bool(note.get("raised")),
        "lines": lines,
        "return_to": return_to,
        "pause_url": api.pause_url(return_to=return_to),
        "crisis_url": api.crisis_url(next_url=return_to),
        "signed_in": user.is_authenticated,
        "csrf_token": context.get("csrf_token"),
    }
