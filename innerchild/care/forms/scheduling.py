"""Scheduling forms: validation only. Times typed by a person are wall-clock times in their own
time zone; `cleaned_data["starts_at"]` is the UTC instant."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta

from django import forms
from django.utils import dateparse
from django.utils.translation import gettext_lazy as _

from innerchild.care.actions.bookings import MAX_GROUP_SIZE
from innerchild.care.models import BookingMode
from innerchild.care.slots import to_utc

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class AvailabilityRuleForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    session_minutes = forms.IntegerField(
        label=_("Session length (minutes)"), min_value=15, max_value=240, initial=50
    )
    gap_minutes = forms.IntegerField(
        label=_("Break after each session (minutes)"), min_value=0, max_value=120, initial=10
    )
    mode = forms.ChoiceField(label=_("Sessions are"), choices=BookingMode.choices)
    place = forms.CharField(
        label=_("Place (for in-person sessions)"), required=False, max_length=300
    )

    def clean(self):
        data = super().clean()
        if data.get("mode") == BookingMode.IN_PERSON and not data.get("place", "").strip():
            self.add_error("place", _("Please give the place for in-person sessions."))
        start, end, minutes = (
            data.get("start_time"),
            data.get("end_time"),
            data.get("session_minutes"),
        )
        if start and end and minutes:
            if end <= start:
                raise forms.ValidationError(_("The window must end after it starts."))
            length = datetime.combine(datetime.min, end) - datetime.combine(datetime.min, start)
            if length < timedelta(minutes=minutes):
                raise forms.ValidationError(_("The window is shorter than one session."))
        return data


class DaysAwayForm(forms.Form):
    starts_on = forms.DateField(
        label=_("First day away"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last day away"), widget=forms.DateInput(attrs={"type": "date"})
    )
    label = forms.CharField(label=_("Note for yourself (optional)"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data


class BookSlotForm(forms.Form):
    """The member picks one of the offered slots; the value is its UTC start (ISO 8601)."""

    starts_at = forms.CharField(label=_("Time"))

    def clean_starts_at(self):
        parsed = dateparse.parse_datetime(self.cleaned_data["starts_at"])
        if parsed is None or parsed.tzinfo is None:
            raise forms.ValidationError(_("Please choose one of the times offered."))
        return parsed.astimezone(UTC)


class LocalTimeMixin:
    """A date and a time typed in `zone`, combined into the UTC `starts_at`."""

    def __init__(self, *args, zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_local_start(self, data):
        day, at = data.get("date"), data.get("time")
        if day and at:
            instant = to_utc(datetime.combine(day, at), zoneinfo.ZoneInfo(self.zone))
            if instant is None:
                self.add_error(
                    "time",
                    _(
                        "That time does not exist on that day (the clocks change). Please pick another."
                    ),
                )
            else:
                data["starts_at"] = instant
        return data


class ProposeForm(LocalTimeMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=240, initial=50
    )
    mode = forms.ChoiceField(label=_("Session"), choices=BookingMode.choices)
    place = forms.CharField(
        label=_("Place (for in-person sessions)"), required=False, max_length=300
    )

    def clean(self):
        data = self.clean_local_start(super().clean())
        if data.get("mode") == BookingMode.IN_PERSON and not data.get("place", "").strip():
            self.add_error("place", _("Please give the place for an in-person session."))
        return data


class GroupSessionForm(ProposeForm):
    members = forms.MultipleChoiceField(
        label=_("Members"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    field_order = ["members", "date", "time", "minutes", "mode", "place"]

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in members}
        self.fields["members"].choices = [
            (key, person.display_name) for key, person in self.people.items()
        ]

    def clean_members(self):
        chosen = self.cleaned_data["members"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("A group session needs at least two members."))
        if len(chosen) > MAX_GROUP_SIZE:
            raise forms.ValidationError(
                _("A group session has at most %(count)d members.") % {"count": MAX_GROUP_SIZE}
            )
        return [self.people[key] for key in chosen]


class FacilitatorRescheduleForm(LocalTimeMixin, forms.Form):
    date = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("New time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def clean(self):
        return self.clean_local_start(super().clean())
