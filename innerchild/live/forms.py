from django import forms
from django.utils.translation import gettext_lazy as _

from innerchild.live.models import JOIN_CODE_LENGTH


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=JOIN_CODE_LENGTH + 4,
        help_text=_("The code shown on your facilitator's screen."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class SummaryForm(forms.Form):
    member = forms.TypedChoiceField(label=_("For"), coerce=int)
    body = forms.CharField(
        label=_("Summary for the member to keep"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, members: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = list(members.items())
