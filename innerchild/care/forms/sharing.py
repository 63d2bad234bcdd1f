from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innerchild.care.forms.common import LocalDateField, end_of_day_utc, validate_future_day
from innerchild.care.models.sharing import KIND_WIDE


class AcceptInvitationForm(forms.Form):
    crisis_alerts = forms.BooleanField(
        label=_("Tell this facilitator if something I write shows I may be in danger"),
        required=False,
        help_text=_(
            "They get the time and the level of concern, never your words. You can change this "
            "at any time."
        ),
    )


class ShareKindForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k.value, k.label) for k in KIND_WIDE])
    expires_on = LocalDateField(
        label=_("Share until (optional)"),
        required=False,
        help_text=_(
            "Sharing stops at the end of that day. Leave empty to share until you stop it."
        ),
    )

    def __init__(self, *args, tz_name: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.tz_name = tz_name

    def clean_expires_on(self):
        return validate_future_day(self.cleaned_data.get("expires_on"), self.tz_name)

    def expires_at(self):
        day = self.cleaned_data.get("expires_on")
        return end_of_day_utc(day, self.tz_name) if day else None


class ShareEntryForm(ShareKindForm):
    link = forms.ChoiceField(label=_("Share with"), widget=forms.RadioSelect)

    def __init__(self, *args, links=(), **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.links = {str(link.id): link for link in links}
        self.fields["link"].choices = [
            (str(link.id), link.facilitator.display_name) for link in links
        ]

    def chosen_link(self):
        return self.links[self.cleaned_data["link"]]


class CrisisAlertsForm(forms.Form):
    crisis_alerts = forms.BooleanField(required=False)


class UnlockForm(forms.Form):
    reviewed = forms.BooleanField(
        label=_("I have reviewed this client's readiness with them"),
        required=True,
    )
    ends_on = LocalDateField(
        label=_("Until (optional)"),
        required=False,
        help_text=_("Deep sessions close again at the end of that day."),
    )

    def __init__(self, *args, tz_name: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.tz_name = tz_name

    def clean_ends_on(self):
        return validate_future_day(self.cleaned_data.get("ends_on"), self.tz_name)

    def ends_at(self):
        day = self.cleaned_data.get("ends_on")
        return end_of_day_utc(day, self.tz_name) if day else None
