"""Validation for facilitators' notes, amendments and the summaries they send."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innerchild.care.models import NoteTemplate

MAX_SECTION_CHARS = 20_000

SECTIONS = {
    NoteTemplate.FREE: [("body", _("Note"))],
    NoteTemplate.SOAP: [
        ("subjective", _("Subjective: what the client reports")),
        ("objective", _("Objective: what you observed")),
        ("assessment", _("Assessment: your understanding")),
        ("plan", _("Plan: next steps")),
    ],
    NoteTemplate.DAP: [
        ("data", _("Data: what happened in the session")),
        ("assessment", _("Assessment: your understanding")),
        ("plan", _("Plan: next steps")),
    ],
}


def section_labels(template: str) -> list[tuple[str, str]]:
    return SECTIONS.get(template, SECTIONS[NoteTemplate.FREE])


def _text_field(label, required=False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_SECTION_CHARS,
        required=required,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class NoteForm(forms.Form):
    """The sections of one template; at least one must say something."""

    template = forms.ChoiceField(choices=NoteTemplate.choices, widget=forms.HiddenInput)
    booking = forms.ChoiceField(label=_("About the session on"), required=False)

    def __init__(self, *args, template: str, bookings: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template if template in SECTIONS else NoteTemplate.FREE
        self.fields["template"].initial = self.template
        self.fields["booking"].choices = [("", _("No particular session")), *bookings]
        for key, label in section_labels(self.template):
            self.fields[f"section_{key}"] = _text_field(label)

    @property
    def section_fields(self):
        return [self[f"section_{key}"] for key, _label in section_labels(self.template)]

    def clean(self):
        data = super().clean()
        if data.get("template") and data["template"] != self.template:
            raise forms.ValidationError(_("The note's template cannot change."))
        sections = {
            key: (data.get(f"section_{key}") or "").strip()
            for key, _label in section_labels(self.template)
        }
        if not any(sections.values()):
            raise forms.ValidationError(_("Write something in at least one section."))
        data["sections"] = sections
        return data


class AmendmentForm(forms.Form):
    body = _text_field(_("Amendment"), required=True)


class SummaryForm(forms.Form):
    body = _text_field(_("Summary for your client"), required=True)
    booking = forms.ChoiceField(label=_("About the session on"), required=False)

    def __init__(self, *args, bookings: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "Your client keeps this summary, also if you stop working together."
        )
        self.fields["body"].widget.attrs["rows"] = 10
        self.fields["booking"].choices = [("", _("No particular session")), *bookings]
