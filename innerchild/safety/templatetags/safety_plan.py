from django import template
from django.template.defaultfilters import linebreaksbr

from innerchild.safety.phones import link_phone_numbers

register = template.Library()


@register.filter
def plan_text(section: dict):
    """A safety plan section's text with its line breaks; in the contacts sections, each phone
    number is a link that calls it."""
    if section.get("contacts"):
        return link_phone_numbers(section["text"])
    return linebreaksbr(section["text"], autoescape=True)
