from __future__ import annotations

import zoneinfo
from functools import cache

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from innerchild.accounts.models import Path, Role, User

MAX_EMAIL = 254


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(n for n in zoneinfo.available_timezones() if "/" in n or n == "UTC")
    return [(name, name.replace("_", " ")) for name in names]


def _country_choices() -> list[tuple[str, str]]:
    # Called each time the form renders, so names come in the person's language and order.
    return [("", _("I'd rather not say")), *list(countries)]


def _country_field(**kwargs) -> forms.Field:
    return forms.ChoiceField(
        choices=_country_choices,
        required=False,
        label=_("Country"),
        help_text=_("Used only to show the right crisis and support lines for where you live."),
        **kwargs,
    )


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        label=_("What should we call you?"),
        max_length=80,
        help_text=_("A first name or a nickname is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=MAX_EMAIL,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        help_text=_("innerchild is for adults and for young people aged 16 and over."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    country = _country_field()
    role = forms.ChoiceField(
        label=_("I am joining as"),
        choices=Role.choices,
        initial=Role.MEMBER,
        widget=forms.RadioSelect,
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters; not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        # Whether the address has an account is never said here: the email says it, to its owner.
        return self.cleaned_data["email"].strip().lower()

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        current = timezone.now().year
        if year > current or year < current - 120:
            raise forms.ValidationError(
                _("Please enter a year between %(low)s and %(high)s.")
                % {"low": current - 120, "high": current}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            probe = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        max_length=MAX_EMAIL,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("That email and password do not match an account. Please try again."),
        "inactive": _("This account is not active."),
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case; people type them however they like.
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        # Said only after the right password: it tells nothing to someone guessing addresses.
        if not user.email_verified and not getattr(self, "confirms_address", False):
            raise forms.ValidationError(
                _(
                    "Please confirm your email address first: open the link we emailed you "
                    "when you signed up."
                ),
                code="unverified",
            )


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=MAX_EMAIL,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class OnboardingForm(forms.Form):
    understands_self_help = forms.BooleanField(
        label=_(
            "I understand that innerchild is self-help and does not replace therapy or emergency care."
        ),
    )
    understands_pause = forms.BooleanField(
        label=_(
            "I know this work can bring up strong feelings, and that I can press Pause at any time."
        ),
    )
    accepts_terms = forms.BooleanField(label=_("I accept the terms and the privacy notice."))
    path = forms.ChoiceField(
        label=_("How would you like to work?"), choices=Path.choices, widget=forms.RadioSelect
    )


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Timezone"), choices=timezone_choices)
    country = _country_field()

    class Meta:
        model = User
        fields = [
            "display_name",
            "timezone",
            "language",
            "country",
            "reminder_frequency",
            "reminder_hour",
        ]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "reminder_hour": forms.NumberInput(attrs={"min": 0, "max": 23}),
        }
        labels = {"reminder_hour": _("Reminder time (hour of the day, 0-23)")}

    def clean_reminder_hour(self) -> int:
        hour = self.cleaned_data["reminder_hour"]
        if not 0 <= hour <= 23:
            raise forms.ValidationError(_("Choose an hour from 0 to 23."))
        return hour


class PasswordCheckMixin:
    """Re-entering the current password guards changes to the account itself."""

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password."))
        return password


class ChangeEmailForm(PasswordCheckMixin, forms.Form):
    new_email = forms.EmailField(label=_("New email address"), max_length=MAX_EMAIL)
    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_new_email(self) -> str:
        email = self.cleaned_data["new_email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("Another account already uses this email."))
        return email


class DeleteAccountForm(PasswordCheckMixin, forms.Form):
    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this deletes my account and everything I wrote, for good."),
    )


class TwoStepCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class SetUpTwoStepForm(forms.Form):
    code = forms.CharField(
        label=_("The six-digit code your app shows"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ConfirmItIsYouForm(forms.Form):
    secret = forms.CharField(
        label=_("Your password, or a code from your authenticator app"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
