"""`{% import_upload_form as upload %}`: the empty upload form and its limits, for pages that
show the journal upload without a view of ours (the data page)."""

from django import template

register = template.Library()


@register.simple_tag
def import_upload_form() -> dict:
    from innerchild.journal.forms import ImportForm
    from innerchild.journal.views.importing import upload_context

    return {"form": ImportForm(), **upload_context()}
