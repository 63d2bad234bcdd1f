"""Validation only. Each form turns into an actions.EntryData with `to_data()`."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from innerchild.core.signs import all_signs
from innerchild.journal import search, vocab
from innerchild.journal.actions import EntryData
from innerchild.journal.models import MAX_BODY_CHARS, MAX_TITLE_CHARS, Entry, Kind, Voice
from innerchild.journal.widgets import PlainSelect

MAX_TURN_CHARS = 10_000
MIN_TURNS = 6
MAX_TURNS = 60
MAX_AFFIRMATION_CHARS = 300
MAX_PROFILE_CHARS = 5_000

SCALE = [(str(i), str(i)) for i in range(1, 6)]
WRITING_FORMATS = [
    (Kind.ENTRY, Kind.ENTRY.label),
    (Kind.LETTER_TO, Kind.LETTER_TO.label),
    (Kind.LETTER_FROM, Kind.LETTER_FROM.label),
]


class LimitedText(forms.CharField):
    """A text field whose error names the limit, in a way a person can act on."""

    def __init__(self, *, limit: int, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 12}))
        super().__init__(strip=False, **kwargs)
        self.limit = limit
        self.validators.append(
            MaxLengthValidator(
                limit,
                message=_(
                    "Please keep this under %(limit_value)s characters (it has %(show_value)s)."
                ),
            )
        )

    def clean(self, value):
        value = super().clean(value)
        return value.replace("\r\n", "\n") if value else value


def emotion_choices() -> list:
    choices: list = [("", _("(none chosen)"))]
    for family in vocab.families():
        choices.append((family.label, [(f.id, f.label) for f in family.feelings]))
    return choices


def need_choices() -> list:
    return [("", _("(choose one)"))] + [(n.id, n.label) for n in vocab.needs()]


class FeelingsMixin(forms.Form):
    pleasantness = forms.TypedChoiceField(
        label=_("How pleasant does it feel? (1 very unpleasant, 5 very pleasant)"),
        choices=SCALE,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    energy = forms.TypedChoiceField(
        label=_("How much energy is in it? (1 very low, 5 very high)"),
        choices=SCALE,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    emotion = forms.ChoiceField(
        label=_("A word for the feeling"), required=False, widget=PlainSelect
    )
    tags = forms.CharField(
        label=_("Tags"),
        help_text=_("Separate tags with commas."),
        required=False,
        max_length=500,
    )
    signs = forms.MultipleChoiceField(
        label=_("Which signs does this touch?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emotion"].choices = emotion_choices()
        self.fields["signs"].choices = [(s.id, s.short) for s in all_signs()]

    def common_data(self) -> dict:
        data = self.cleaned_data
        return {
            "pleasantness": data.get("pleasantness"),
            "energy": data.get("energy"),
            "emotion": data.get("emotion") or "",
            "tags": [t for t in (data.get("tags") or "").split(",") if t.strip()],
            "signs": list(data.get("signs") or []),
        }

    @staticmethod
    def common_initial(entry: Entry) -> dict:
        return {
            "pleasantness": entry.pleasantness,
            "energy": entry.energy,
            "emotion": entry.emotion,
            "tags": ", ".join(entry.tag_list),
            "signs": entry.sign_list,
        }


class EntryForm(FeelingsMixin):
    kind = forms.ChoiceField(
        label=_("What are you writing?"), choices=WRITING_FORMATS, widget=PlainSelect
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=MAX_TITLE_CHARS)
    body = LimitedText(
        label=_("Your words"),
        limit=MAX_BODY_CHARS,
        help_text=_("Plain text or simple Markdown: *emphasis*, **strong**, lists, quotes."),
    )
    prompt_id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    field_order = ["kind", "title", "body", "pleasantness", "energy", "emotion", "signs", "tags"]

    def __init__(self, *args, allow_session: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if allow_session:
            self.fields["kind"].choices = [*WRITING_FORMATS, (Kind.SESSION, Kind.SESSION.label)]

    def clean_prompt_id(self):
        value = self.cleaned_data.get("prompt_id") or ""
        return value if value in vocab.prompt_index() else ""

    def to_data(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            prompt_id=data.get("prompt_id") or "",
            **self.common_data(),
        )

    @classmethod
    def initial_for(cls, entry: Entry) -> dict:
        return {
            "kind": entry.kind,
            "title": entry.title,
            "body": entry.body,
            **FeelingsMixin.common_initial(entry),
        }


class DialogueForm(FeelingsMixin):
    title = forms.CharField(label=_("Title"), required=False, max_length=MAX_TITLE_CHARS)
    non_dominant_hand = forms.BooleanField(
        label=_("I am writing little me's turns with my non-dominant hand (on paper first)"),
        required=False,
    )

    def __init__(self, *args, turn_count: int = MIN_TURNS, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data:
            present = [k for k in self.data if k.startswith("turn_")]
            turn_count = max(turn_count, len(present))
        # An even count keeps "me now" first in every pair of turns.
        turn_count += turn_count % 2
        self.turn_count = min(max(turn_count, MIN_TURNS), MAX_TURNS)
        for i in range(self.turn_count):
            voice = Voice.NOW if i % 2 == 0 else Voice.LITTLE
            self.fields[f"turn_{i}"] = LimitedText(
                label=voice.label,
                limit=MAX_TURN_CHARS,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "data-voice": voice.value}),
            )
        self.order_fields(
            ["title", "non_dominant_hand"] + [f"turn_{i}" for i in range(self.turn_count)]
        )

    def turn_fields(self):
        return [self[f"turn_{i}"] for i in range(self.turn_count)]

    def other_fields(self):
        return [self[name] for name in ("pleasantness", "energy", "emotion", "signs", "tags")]

    def clean(self):
        data = super().clean()
        turns = self.collected_turns()
        if not turns:
            raise forms.ValidationError(_("Write at least one turn of the dialogue."))
        total = sum(len(t["text"]) for t in turns)
        if total > MAX_BODY_CHARS:
            raise forms.ValidationError(
                _("Please keep the whole dialogue under %(limit)s characters (it has %(count)s).")
                % {"limit": f"{MAX_BODY_CHARS:,}", "count": f"{total:,}"}
            )
        return data

    def collected_turns(self) -> list[dict]:
        turns = []
        for i in range(self.turn_count):
            text = (self.cleaned_data.get(f"turn_{i}") or "").strip()
            if text:
                voice = Voice.NOW if i % 2 == 0 else Voice.LITTLE
                turns.append({"voice": voice.value, "text": text, "position": i})
        return turns

    def to_data(self) -> EntryData:
        turns = [{"voice": t["voice"], "text": t["text"]} for t in self.collected_turns()]
        return EntryData(
            kind=Kind.DIALOGUE,
            title=self.cleaned_data["title"],
            details={"turns": turns, "non_dominant_hand": self.cleaned_data["non_dominant_hand"]},
            **self.common_data(),
        )

    @classmethod
    def initial_for(cls, entry: Entry) -> tuple[dict, int]:
        details = entry.detail_data
        initial = {
            "title": entry.title,
            "non_dominant_hand": details.get("non_dominant_hand", False),
            **FeelingsMixin.common_initial(entry),
        }
        position = 0
        for turn in details.get("turns", []):
            # Keep each turn in its own voice's column: skip a slot when a voice repeats.
            wanted = 0 if turn["voice"] == Voice.NOW else 1
            if position % 2 != wanted:
                position += 1
            initial[f"turn_{position}"] = turn["text"]
            position += 1
        return initial, position + 2


TRIGGER_TEXT_FIELDS = (
    "situation",
    "reaction",
    "body_sensations",
    "felt_age",
    "memory",
    "tell_younger_self",
    "differently",
)


class TriggerForm(FeelingsMixin):
    title = forms.CharField(
        label=_("A short name for it"), required=False, max_length=MAX_TITLE_CHARS
    )
    situation = LimitedText(
        label=_("What happened?"), limit=MAX_TURN_CHARS, widget=forms.Textarea(attrs={"rows": 4})
    )
    reaction = LimitedText(
        label=_("How did I react?"),
        limit=MAX_TURN_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intensity = forms.IntegerField(
        label=_("How strong was it? (0 not at all, 10 the strongest)"), min_value=0, max_value=10
    )
    body_sensations = LimitedText(
        label=_("What did I feel in my body?"),
        limit=MAX_TURN_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    felt_age = forms.CharField(label=_("How old did I feel?"), required=False, max_length=60)
    memory = LimitedText(
        label=_("What older memory does it echo?"),
        limit=MAX_TURN_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    need = forms.ChoiceField(
        label=_("Which need of the child was not met?"), required=False, widget=PlainSelect
    )
    tell_younger_self = LimitedText(
        label=_("What would I tell my younger self?"),
        limit=MAX_TURN_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    differently = LimitedText(
        label=_("What did I do, or will I do, differently?"),
        limit=MAX_TURN_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = [
        "title",
        "situation",
        "reaction",
        "intensity",
        "body_sensations",
        "felt_age",
        "memory",
        "need",
        "tell_younger_self",
        "differently",
        "pleasantness",
        "energy",
        "emotion",
        "signs",
        "tags",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = need_choices()

    def to_data(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            kind=Kind.TRIGGER,
            title=data["title"],
            details={name: (data.get(name) or "").strip() for name in TRIGGER_TEXT_FIELDS},
            intensity=data["intensity"],
            need=data.get("need") or "",
            **self.common_data(),
        )

    @classmethod
    def initial_for(cls, entry: Entry) -> dict:
        details = entry.detail_data
        return {
            "title": entry.title,
            "intensity": entry.intensity,
            "need": entry.need,
            **{name: details.get(name, "") for name in TRIGGER_TEXT_FIELDS},
            **FeelingsMixin.common_initial(entry),
        }


class SearchForm(forms.Form):
    # Typed by the person, so never in an address: they travel in POST bodies and the session.
    FREE_TEXT_FIELDS = ("q", "tag")
    # Picked from fixed lists or dates; these may stay in the address, so pages can be linked.
    FILTER_FIELDS = ("date_from", "date_to", "emotion", "sign", "kind")

    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    emotion = forms.ChoiceField(label=_("Feeling"), required=False, widget=PlainSelect)
    sign = forms.ChoiceField(label=_("Sign"), required=False, widget=PlainSelect)
    kind = forms.ChoiceField(label=_("Type"), required=False, widget=PlainSelect)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emotion"].choices = [("", _("Any feeling")), *emotion_choices()[1:]]
        self.fields["sign"].choices = [("", _("Any sign"))] + [(s.id, s.short) for s in all_signs()]
        self.fields["kind"].choices = [("", _("Any type")), *list(Kind.choices)]

    def clean(self):
        data = super().clean()
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day and not search.EARLIEST_DAY <= day <= search.LATEST_DAY:
                self.add_error(
                    name,
                    _("Choose a date between %(low)s and %(high)s.")
                    % {
                        "low": search.EARLIEST_DAY.isoformat(),
                        "high": search.LATEST_DAY.isoformat(),
                    },
                )
                data.pop(name, None)
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def to_query(self) -> search.Query:
        data = self.cleaned_data
        return search.Query(
            words=data.get("q") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            emotion=data.get("emotion") or "",
            sign=data.get("sign") or "",
            kind=data.get("kind") or "",
            tag=data.get("tag") or "",
        )

    def free_text(self) -> dict[str, str]:
        """The typed words and tag of a valid form, leaving out empty ones."""
        return {
            name: self.cleaned_data[name]
            for name in self.FREE_TEXT_FIELDS
            if self.cleaned_data.get(name)
        }

    def filter_params(self) -> dict[str, str]:
        """The other filters of a valid form, as they go into an address."""
        params = {}
        for name in self.FILTER_FIELDS:
            value = self.cleaned_data.get(name)
            if value:
                params[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return params


class AffirmationForm(forms.Form):
    text = forms.CharField(
        label=_("A kind sentence for myself"),
        max_length=MAX_AFFIRMATION_CHARS,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class YoungerSelfForm(forms.Form):
    name = forms.CharField(
        label=_("What did people call me, or what do I call my younger self?"),
        required=False,
        max_length=100,
    )
    ages = forms.CharField(
        label=_("The ages I connect with"),
        help_text=_("For example: 6, or 7 to 10."),
        required=False,
        max_length=100,
    )
    needed = LimitedText(
        label=_("What did that child need and not get?"),
        limit=MAX_PROFILE_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    comforting_words = LimitedText(
        label=_("Comforting words that child needed to hear"),
        limit=MAX_PROFILE_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @classmethod
    def initial_for(cls, profile) -> dict:
        return {name: getattr(profile, name) for name in cls.base_fields}


class PhotoForm(forms.Form):
    # Not marked required: the photo is optional on the page. Only sending the form without one
    # is an error.
    photo = forms.FileField(
        label=_("A photo of me as a child"),
        help_text=_("JPEG, PNG or WebP. Only you can see it; it is stored encrypted."),
        required=False,
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo:
            raise forms.ValidationError(_("Choose a photo to upload."))
        return photo


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Export file"),
        widget=forms.FileInput(
            attrs={"accept": ".json,.md,.markdown,.txt,.zip,application/json,application/zip"}
        ),
        help_text=_(
            "A jrnl export (JSON or Markdown), a Day One export (the zip or its JSON file), a "
            "Journiv export or an innerchild export. Photos and other attachments are not "
            "imported."
        ),
    )
