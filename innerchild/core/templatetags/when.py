from django import template

from innerchild.core import dates

register = template.Library()


@register.filter
def when(value, style: str = "datetime"):
    """`{{ entry.created_at|when }}`, `{{ attempt.completed_at|when:"day" }}`: a <time> element in
    the one date style of the site (innerchild.core.dates)."""
    return dates.shown_html(value, style)


@register.filter
def when_text(value, style: str = "datetime"):
    """The same text without the <time> element, for attributes and option labels."""
    return dates.shown(value, style)
