"""The rows of the session history's tables, written in Python.

Through the template each of the fifty rows was a dozen template nodes, a date filter and a
`reverse()`: most of the page's time. Same markup as the template wrote; every value is escaped.
"""

from __future__ import annotations

import uuid

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from innerchild.core import dates

NO_VALUE = "\u2013"  # an en dash, as the template wrote


def _outcome(run) -> str:
    if run.status == "completed":
        return _("Completed")
    if run.closed_early:
        return _("Closed gently at step %(number)s") % {"number": run.current_step + 1}
    if run.status == "stopped":
        return _("Stopped at step %(number)s") % {"number": run.current_step + 1}
    return _("In progress")


def _rating(value) -> str:
    return NO_VALUE if value is None else str(value)


def runs_rows_html(runs, *, show_feelings: bool) -> SafeString:
    # One reverse() for the page, not one per row.
    placeholder = uuid.UUID(int=0)
    url_pattern = reverse("guide:run", args=[placeholder])
    rows = []
    for run in runs:
        url = url_pattern.replace(str(placeholder), str(run.id))
        minutes = run.minutes
        feelings = ""
        if show_feelings:
            tags = "".join(
                f'<span class="tag">{conditional_escape(label)}</span>'
                for label in run.feeling_labels
            )
            feelings = f'<td class="col-feelings">{tags}</td>'
        rows.append(
            "<tr>"
            f"<td>{dates.shown_html(run.started_at, 'day')}</td>"
            f'<td><a href="{conditional_escape(url)}">{conditional_escape(run.script_title)}</a></td>'
            f'<td class="col-minutes">{NO_VALUE if minutes is None else minutes}</td>'
            f"<td>{_rating(run.distress_before)} → {_rating(run.distress_after)}</td>"
            f"{feelings}"
            f"<td>{conditional_escape(_outcome(run))}</td>"
            "</tr>"
        )
    # Every value above is escaped, a number, or a date the project formats.
    return mark_safe("\n".join(rows))


def chart_rows_html(chart_rows) -> SafeString:
    return mark_safe(
        "".join(
            "<tr>" + "".join(f"<td>{conditional_escape(cell)}</td>" for cell in row) + "</tr>"
            for row in chart_rows
        )
    )
