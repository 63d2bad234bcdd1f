from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

EXPIRY_CHOICES = [
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("365", _("In a year")),
    ("never", _("Never (revoke it yourself)")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("What it is for, so you recognise it later, e.g. “my journal app”."),
    )
    expires = forms.ChoiceField(
        label=_("Stops working"), choices=EXPIRY_CHOICES, initial="90", widget=forms.RadioSelect
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name

    def days(self) -> int | None:
        value = self.cleaned_data["expires"]
        return None if value == "never" else int(value)
