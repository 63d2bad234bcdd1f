"""Validation for giving an assignment. The due date and time are read in the facilitator's
own time zone and stored as an instant (UTC)."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innerchild.assessments import api as assessments
from innerchild.care.actions.assignments import AssignmentData, zone_named
from innerchild.care.models import AssignmentKind, FacilitatorScript
from innerchild.care.scripts_provider import PLACEHOLDERS
from innerchild.guide import api as guide
from innerchild.journal import api as journal

OWN = "own:"
MAX_TITLE = 120
MAX_INSTRUCTIONS = 5000
MAX_WEEKS = 52


class AssignmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to assign"), choices=AssignmentKind.choices, widget=forms.RadioSelect
    )
    script = forms.ChoiceField(label=_("Guided session"), required=False)
    questionnaire = forms.ChoiceField(label=_("Questionnaire"), required=False)
    prompt = forms.ChoiceField(label=_("Journal prompt"), required=False)
    practice_title = forms.CharField(
        label=_("Name of the practice"), max_length=MAX_TITLE, required=False
    )
    instructions = forms.CharField(
        label=_("Instructions or a note for your client"),
        help_text=_("Required for a practice: the practice in your own words."),
        max_length=MAX_INSTRUCTIONS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    due_date = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    due_time = forms.TimeField(
        label=_("at"),
        initial=time(18, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    every_weeks = forms.IntegerField(
        label=_("Repeat every how many weeks"),
        help_text=_("Leave empty for once. A questionnaire every 4 weeks, for example."),
        min_value=1,
        max_value=MAX_WEEKS,
        required=False,
    )

    def __init__(self, *args, member, facilitator, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.facilitator = facilitator
        language = member.language or "en"
        shipped = [(script_id, title) for script_id, title, _i in guide.script_choices(language)]
        self.own_scripts = {
            f"{OWN}{own.id}": own for own in FacilitatorScript.objects.of(facilitator).current()
        }
        own = [(key, own.title) for key, own in self.own_scripts.items()]
        script_choices = [("", _("Choose a session"))]
        if own:
            script_choices.append((_("Your own scripts"), own))
        script_choices.append((_("Sessions in innerchild"), shipped))
        self.fields["script"].choices = script_choices
        self.instruments = dict(assessments.instrument_choices(member))
        self.fields["questionnaire"].choices = [
            ("", _("Choose a questionnaire")),
            *self.instruments.items(),
        ]
        self.prompts = dict(journal.prompt_choices(language))
        self.fields["prompt"].choices = [("", _("Choose a prompt")), *self.prompts.items()]
        for name, (label, _field, _default) in PLACEHOLDERS.items():
            self.fields[f"fill_{name}"] = forms.CharField(
                label=label, max_length=300, required=False
            )

    @property
    def personalisation_fields(self):
        return [self[f"fill_{name}"] for name in PLACEHOLDERS]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        required = {
            AssignmentKind.SCRIPT: ("script", _("Choose a guided session.")),
            AssignmentKind.QUESTIONNAIRE: ("questionnaire", _("Choose a questionnaire.")),
            AssignmentKind.PROMPT: ("prompt", _("Choose a journal prompt.")),
            AssignmentKind.PRACTICE: ("practice_title", _("Give the practice a name.")),
        }
        if kind in required:
            name, message = required[kind]
            if not data.get(name):
                self.add_error(name, message)
        if kind == AssignmentKind.PRACTICE and not (data.get("instructions") or "").strip():
            self.add_error("instructions", _("Describe the practice in your own words."))
        day, at = data.get("due_date"), data.get("due_time")
        if day is not None and at is not None:
            due = datetime.combine(day, at, tzinfo=zone_named(self.facilitator.timezone))
            if due <= timezone.now():
                self.add_error("due_date", _("Pick a due date and time that are still ahead."))
            data["due_at"] = due
        return data

    def assignment_data(self) -> AssignmentData:
        data = self.cleaned_data
        kind = data["kind"]
        result = AssignmentData(
            kind=kind,
            due_at=data["due_at"],
            every_weeks=data.get("every_weeks"),
            instructions=(data.get("instructions") or "").strip(),
        )
        if kind == AssignmentKind.SCRIPT:
            choice = data["script"]
            if choice.startswith(OWN):
                own = self.own_scripts[choice]
                result.script, result.title = own, own.title
                result.personalisation = {
                    name: data.get(f"fill_{name}", "").strip() for name in PLACEHOLDERS
                }
            else:
                result.target = choice
                result.title = guide.script_title(choice, self.member.language or "en") or choice
        elif kind == AssignmentKind.QUESTIONNAIRE:
            result.target = data["questionnaire"]
            result.title = str(self.instruments[result.target])
        elif kind == AssignmentKind.PROMPT:
            result.target = data["prompt"]
            result.title = str(self.prompts[result.target])
        else:
            result.title = data["practice_title"].strip()
        return result
