from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innerchild.safety.models import PLAN_SECTIONS, SafetyPlan
from innerchild.safety.rules import READINESS_QUESTIONS

CHECKIN_MAX_CHARS = 10_000
PLAN_SECTION_MAX_CHARS = 4_000


def _too_long(limit: int) -> dict:
    return {
        "max_length": _(
            "Please keep this under %(limit_value)d characters (it has %(show_value)d)."
        )
    }


class CheckinForm(forms.Form):
    body = forms.CharField(
        label=_("How am I, really?"),
        help_text=_("Only you can read this. A few words are enough."),
        max_length=CHECKIN_MAX_CHARS,
        error_messages={
            "required": _("Write a few words, or leave the page if today is not the day."),
            **_too_long(CHECKIN_MAX_CHARS),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class SafetyPlanForm(forms.ModelForm):
    class Meta:
        model = SafetyPlan
        fields = [name for name, _label, _help in PLAN_SECTIONS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, help_text in PLAN_SECTIONS:
            field = self.fields[name]
            field.label = label
            field.help_text = help_text
            field.required = False
            field.max_length = PLAN_SECTION_MAX_CHARS
            field.error_messages.update(_too_long(PLAN_SECTION_MAX_CHARS))
            field.validators.append(
                forms.fields.validators.MaxLengthValidator(PLAN_SECTION_MAX_CHARS)
            )
            field.widget = forms.Textarea(attrs={"rows": 4})


YES_NO = (("yes", _("Yes")), ("no", _("No")))


class ReadinessForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in READINESS_QUESTIONS:
            self.fields[key] = forms.ChoiceField(
                label=question,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose yes or no.")},
            )

    def answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data[key] == "yes" for key, _question in READINESS_QUESTIONS}
