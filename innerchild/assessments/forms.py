from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innerchild.assessments.instruments import Instrument, Item


class AnswerForm(forms.Form):
    """One item: the radio buttons of its options, labelled by the item text."""

    value = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose an answer, or use “Save and stop”.")},
    )

    def __init__(self, *args, instrument: Instrument, item: Item, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["value"]
        field.choices = [(option.value, option.label) for option in item.options]
        field.label = item.text
        field.help_text = instrument.stem


class StartForm(forms.Form):
    """Starting an opt-in instrument needs an explicit yes."""

    consent = forms.BooleanField(
        required=False,
        label=_("I have read this and I want to answer these questions now."),
    )

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if not instrument.opt_in:
            del self.fields["consent"]
        else:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = _(
                "Please tick the box if you want to go ahead. It is fine not to."
            )
