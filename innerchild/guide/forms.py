"""One form per kind of step; validation only."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from innerchild.guide.models import ANSWER_MAX_CHARS, SHORT_ANSWER_MAX_CHARS, Preferences
from innerchild.guide.scripts import Step
from innerchild.journal import api as journal_api

VOICE_NAME = re.compile(r"[\w][\w .,:;()'+\-\u2013]{0,79}")
LIMIT_MESSAGE = _("Please keep this under %(limit_value)d characters (it has %(show_value)d).")

DISTRESS_CHOICES = [
    (0, _("0: calm")),
    *[(n, str(n)) for n in range(1, 10)],
    (10, _("10: the most distress I can imagine")),
]


def _text(label: str, limit: int = ANSWER_MAX_CHARS, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6 if limit > SHORT_ANSWER_MAX_CHARS else 3}),
        error_messages={"max_length": LIMIT_MESSAGE},
    )


class StepForm(forms.Form):
    """A step with nothing to fill in: continuing is the whole answer."""

    def __init__(self, *args, step: Step, user=None, **kwargs):
        self.step = step
        self.user = user
        super().__init__(*args, **kwargs)

    def answer(self) -> dict:
        """text, text_2 and data to store for this step."""
        return {"text": "", "text_2": "", "data": {}}


def feeling_groups() -> list[dict]:
    return journal_api.feeling_families()


class CheckinForm(StepForm):
    distress = forms.TypedChoiceField(
        label=_("How much distress do you feel right now, from 0 to 10?"),
        choices=DISTRESS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a number from 0 to 10.")},
    )
    feelings = forms.MultipleChoiceField(
        label=_("Which feelings are here? Choose any, or none."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.step.get("question"):
            self.fields["distress"].label = self.step.get("question")
        self.families = feeling_groups()
        self.fields["feelings"].choices = [
            (feeling["id"], feeling["label"])
            for family in self.families
            for feeling in family["feelings"]
        ]

    def answer(self) -> dict:
        return {
            "text": "",
            "text_2": "",
            "data": {
                "distress": self.cleaned_data["distress"],
                "feelings": self.cleaned_data["feelings"],
            },
        }


class IntentionForm(StepForm):
    hope = _text(_("What would you like from this session?"), SHORT_ANSWER_MAX_CHARS)
    concern = _text(_("Is anything worrying you about it?"), SHORT_ANSWER_MAX_CHARS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, key in (("hope", "hope_label"), ("concern", "concern_label")):
            if self.step.get(key):
                self.fields[name].label = self.step.get(key)

    def answer(self) -> dict:
        return {
            "text": self.cleaned_data["hope"],
            "text_2": self.cleaned_data["concern"],
            "data": {},
        }


class PromptForm(StepForm):
    answer_text = _text(_("Your answer"))
    answer_text_2 = _text(_("Your answer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.step.get("mode") == "dialogue":
            first, second = self.step.get("voices")
            self.fields["answer_text"].label = first
            self.fields["answer_text_2"].label = second
        else:
            self.fields["answer_text"].label = self.step.get("question")
            self.fields["answer_text"].help_text = self.step.get("hint", "")
            del self.fields["answer_text_2"]

    def answer(self) -> dict:
        return {
            "text": self.cleaned_data["answer_text"],
            "text_2": self.cleaned_data.get("answer_text_2", ""),
            "data": {},
        }


class ChoiceForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(o["id"], o["label"]) for o in self.step.get("options")]
        if self.step.get("multiple"):
            field = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
        else:
            field = forms.ChoiceField(widget=forms.RadioSelect)
        field.choices, field.required, field.label = choices, False, self.step.get("question")
        self.fields["choice"] = field

    def answer(self) -> dict:
        chosen = self.cleaned_data["choice"] or []
        return {"text": "", "text_2": "", "data": {"choices": list(chosen) if chosen else []}}


class ReparentForm(StepForm):
    chosen = forms.MultipleChoiceField(
        label=_("Words you would like to give"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    own_words = _text(_("Or in your own words"), SHORT_ANSWER_MAX_CHARS)
    save_to_affirmations = forms.BooleanField(
        label=_("Save these words to my affirmations"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].label = self.step.get("question")
        self.fields["chosen"].choices = [
            (str(i), text) for i, text in enumerate(self.step.get("suggestions"))
        ]

    def words(self) -> list[str]:
        suggestions = self.step.get("suggestions")
        words = [suggestions[int(i)] for i in self.cleaned_data["chosen"]]
        if self.cleaned_data["own_words"]:
            words.append(self.cleaned_data["own_words"])
        return words

    def answer(self) -> dict:
        return {
            "text": "\n".join(self.words()),
            "text_2": "",
            "data": {
                "chosen": self.cleaned_data["chosen"],
                "has_own_words": bool(self.cleaned_data["own_words"]),
                "save_to_affirmations": self.cleaned_data["save_to_affirmations"],
            },
        }


DEFAULT_REFLECTION = (
    _("What did you notice during this session?"),
    _("What did little you need?"),
)


class ReflectionForm(StepForm):
    noticed = _text(DEFAULT_REFLECTION[0])
    needed = _text(DEFAULT_REFLECTION[1])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = self.step.get("questions")
        if questions:
            self.fields["noticed"].label = questions[0]
            if len(questions) > 1:
                self.fields["needed"].label = questions[1]
            else:
                del self.fields["needed"]

    def answer(self) -> dict:
        return {
            "text": self.cleaned_data["noticed"],
            "text_2": self.cleaned_data.get("needed", ""),
            "data": {},
        }


class TriggerForm(StepForm):
    trigger = forms.ChoiceField(label=_("From your trigger log"), required=False)
    description = _text(_("Or describe it in a few words"), SHORT_ANSWER_MAX_CHARS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = journal_api.trigger_choices(self.user) if self.user else []
        if choices:
            self.fields["trigger"].choices = [("", _("(choose one)")), *choices]
        else:
            del self.fields["trigger"]
        if self.step.get("question"):
            self.fields["description"].help_text = self.step.get("question")

    def clean(self):
        data = super().clean()
        if not data.get("trigger") and not data.get("description") and not self.errors:
            raise forms.ValidationError(
                _("Choose a moment from your trigger log or describe one in a few words.")
            )
        return data

    def answer(self) -> dict:
        return {
            "text": self.cleaned_data["description"],
            "text_2": "",
            "data": {"trigger_id": self.cleaned_data.get("trigger") or ""},
        }


FORMS: dict[str, type[StepForm]] = {
    "checkin": CheckinForm,
    "intention": IntentionForm,
    "prompt": PromptForm,
    "choice": ChoiceForm,
    "reparent": ReparentForm,
    "reflection": ReflectionForm,
    "trigger": TriggerForm,
}


def form_for(step: Step, user, data=None, answer=None) -> StepForm:
    """The form for `step`, filled with the person's earlier answer when they come back to it."""
    initial = initial_from(step, answer) if answer is not None else None
    return FORMS.get(step.type, StepForm)(data, step=step, user=user, initial=initial)


def initial_from(step: Step, answer) -> dict:
    data = answer.data or {}
    match step.type:
        case "checkin":
            return {"distress": data.get("distress"), "feelings": data.get("feelings", [])}
        case "intention":
            return {"hope": answer.text, "concern": answer.text_2}
        case "prompt":
            return {"answer_text": answer.text, "answer_text_2": answer.text_2}
        case "choice":
            chosen = data.get("choices", [])
            return {"choice": chosen if step.get("multiple") else (chosen or [""])[0]}
        case "reparent":
            own = answer.text.split("\n")[-1] if data.get("has_own_words") else ""
            return {
                "chosen": data.get("chosen", []),
                "own_words": own,
                "save_to_affirmations": data.get("save_to_affirmations", False),
            }
        case "reflection":
            return {"noticed": answer.text, "needed": answer.text_2}
        case "trigger":
            return {"trigger": data.get("trigger_id", ""), "description": answer.text}
    return {}


class PreferencesForm(forms.ModelForm):
    rate = forms.DecimalField(
        label=_("Speed"), min_value=Decimal("0.5"), max_value=Decimal("1.5"), decimal_places=2
    )
    pitch = forms.DecimalField(
        label=_("Pitch"), min_value=Decimal("0.5"), max_value=Decimal("1.5"), decimal_places=2
    )

    class Meta:
        model = Preferences
        fields = ["voice_on", "voice_name", "rate", "pitch", "use_audio", "show_photo"]
        help_texts = {
            "voice_name": _(
                "Voices come from your browser and device; leave empty for the default."
            ),
        }
        widgets = {"voice_name": forms.Select()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser lists its voices (player.js); the saved one is kept as a choice without JS.
        choices = [("", _("Default voice"))]
        if self.instance.voice_name:
            choices.append((self.instance.voice_name, self.instance.voice_name))
        self.fields["voice_name"].widget.choices = choices

    def clean_voice_name(self) -> str:
        # The browser names its voices, so the server cannot hold the list; it keeps only what a
        # voice name looks like ("Google UK English Female", "Microsoft Zira - English (United
        # States)"): short, letters, digits and a little punctuation. It is stored as it is.
        name = (self.cleaned_data.get("voice_name") or "").strip()
        if name and not VOICE_NAME.fullmatch(name):
            raise forms.ValidationError(
                _("Choose a voice from the list, or leave it empty for the default voice.")
            )
        return name
