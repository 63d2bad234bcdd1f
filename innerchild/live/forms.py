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
