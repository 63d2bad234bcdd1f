from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from innerchild.care.models import Profession


def _timezone_choices():
    from innerchild.accounts.forms import timezone_choices

    return timezone_choices()


LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("other", _("Another language")),
]


class PracticeForm(forms.Form):
    practice_name = forms.CharField(
        label=_("Practice name"),
        max_length=120,
        help_text=_("How clients see you, for example “Ana López, counselling”."),
    )
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices)
    registration = forms.CharField(
        label=_("Licence or registration"),
        max_length=300,
        required=False,
        help_text=_(
            "The body you are registered with and your number, if you have one. Our staff check "
            "it before you can invite clients."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    timezone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=_timezone_choices,
        help_text=_("Your availability and calendar use it; each client sees times in theirs."),
    )
    contact = forms.CharField(
        label=_("How clients can reach you"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a work phone or email, and when you answer."),
    )
    accept = forms.BooleanField(
        label=_(
            "I will use innerchild alongside my professional duties, not instead of them, and I "
            "will only open what clients share with me."
        ),
        required=True,
    )

    def __init__(self, *args, onboarded: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if onboarded:
            del self.fields["accept"]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Client's email address"),
        max_length=254,
        required=False,
        help_text=_("Leave empty to make a link you give the client yourself."),
    )


def invitation_days() -> int:
    return settings.CARE_INVITATION_DAYS
