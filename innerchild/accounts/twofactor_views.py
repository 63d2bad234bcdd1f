"""Two-step sign-in: setting it up, the code after the password, recovery codes, turning it off,
and "is it still you?" before sensitive actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from innerchild.accounts import actions, twofactor
from innerchild.accounts import limits as login_limits
from innerchild.accounts.devices import AuthenticatorDevice
from innerchild.accounts.forms import ConfirmItIsYouForm, SetUpTwoStepForm, TwoStepCodeForm
from innerchild.accounts.guards import recent_authentication_required
from innerchild.accounts.models import User


def _safe_next(request: HttpRequest, value: str | None, default: str = "") -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default or reverse("core:dashboard")


def start_second_step(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """After a correct password, for someone with an authenticator app: not logged in yet."""
    request.session[twofactor.PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "at": twofactor.now_seconds(),
        "next": next_url,
    }
    return redirect("accounts:two_step_login")


def _pending_user(request: HttpRequest) -> tuple[User | None, dict]:
    pending = request.session.get(twofactor.PENDING) or {}
    if not pending or twofactor.now_seconds() - pending.get("at", 0) > twofactor.PENDING_SECONDS:
        return None, {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def _codes_left_message(request: HttpRequest, user: User) -> None:
    left = twofactor.recovery_codes_left(user)
    messages.warning(
        request,
        ngettext(
            "You used a recovery code. You have %(count)d left: make new ones in Settings, "
            "Two-step sign-in, if you are running low.",
            "You used a recovery code. You have %(count)d left: make new ones in Settings, "
            "Two-step sign-in, if you are running low.",
            left,
        )
        % {"count": left},
    )


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_step_login(request: HttpRequest) -> HttpResponse:
    """The second step: after the password at login, or for a session that has not given a
    code yet when a page needs one."""
    if request.user.is_authenticated:
        if request.user.is_verified() or not twofactor.has_two_step(request.user):
            return redirect(_safe_next(request, request.GET.get("next")))
        user, pending = request.user, {}
        next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    else:
        user, pending = _pending_user(request)
        if user is None:
            messages.info(request, _("Please log in again: that took a little long."))
            return redirect("accounts:login")
        next_url = _safe_next(request, pending.get("next"))
    form = TwoStepCodeForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "next": next_url}
    if request.method != "POST":
        return render(request, "accounts/two_step_login.html", context)
    if login_limits.login_refused(request, account=user.email):
        return render(request, "accounts/rate_limited.html", status=429)
    device = twofactor.verify_code(user, form.cleaned_data["code"]) if form.is_valid() else None
    if device is None:
        if form.is_valid():
            login_limits.count_failure(request, account=user.email)
            actions.do_note_wrong_two_step_code(user)
            form.add_error(
                "code",
                _(
                    "That code did not work. Try the newest code in your app (and check the "
                    "time on your phone is right), or one of your recovery codes."
                ),
            )
        return render(request, "accounts/two_step_login.html", context, status=422)
    if not request.user.is_authenticated:
        request.session.pop(twofactor.PENDING, None)
        login(request, user, backend=pending["backend"])
    otp_login(request, device)
    twofactor.note_authenticated(request.session)
    if twofactor.is_recovery(device):
        actions.do_note_recovery_code_used(user)
        _codes_left_message(request, user)
    return redirect(next_url)


@require_GET
@login_required
def two_step(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/two_step.html",
        {
            "on": twofactor.has_two_step(request.user),
            "required": twofactor.two_step_required(request.user),
            "codes_left": twofactor.recovery_codes_left(request.user),
        },
    )


@require_GET
@login_required
def two_step_needed(request: HttpRequest) -> HttpResponse:
    """Where a facilitator or staff member without an authenticator app is sent first."""
    next_url = _safe_next(request, request.GET.get("next"))
    if twofactor.has_two_step(request.user):
        return redirect(next_url)
    return render(request, "accounts/two_step_required.html", {"next": next_url})


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@login_required
@recent_authentication_required
def two_step_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _safe_next(
        request, request.POST.get("next") or request.GET.get("next"), reverse("accounts:two_step")
    )
    if twofactor.has_two_step(user):
        return redirect("accounts:two_step")
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = AuthenticatorDevice.objects.create(
            user=user, name="authenticator app", key=twofactor.new_key(), confirmed=False
        )
    form = SetUpTwoStepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = actions.do_turn_on_two_step(user, device)
            otp_login(request, device)
            twofactor.note_authenticated(request.session)
            request.session[twofactor.NEW_CODES] = {"codes": codes, "next": next_url}
            messages.success(request, _("Two-step sign-in is on."))
            return redirect("accounts:two_step_codes")
        form.add_error(
            "code",
            _(
                "That code did not match. Type the newest code your app shows for innerchild "
                "(it changes every 30 seconds), and check the time on your phone is right."
            ),
        )
    url = twofactor.otpauth_url(device.key, user.email)
    context = {
        "form": form,
        "next": next_url,
        "qr": twofactor.qr_svg(url, _("QR code to scan with your authenticator app")),
        "typed_key": twofactor.key_for_typing(device.key),
        "required": twofactor.two_step_required(user),
    }
    return render(
        request, "accounts/two_step_setup.html", context, status=422 if form.errors else 200
    )


@require_GET
@login_required
def two_step_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown this once: they are not kept in plain anywhere."""
    shown = request.session.pop(twofactor.NEW_CODES, None)
    if not shown:
        return redirect("accounts:two_step")
    return render(
        request, "accounts/two_step_codes.html", {"codes": shown["codes"], "next": shown["next"]}
    )


@require_POST
@login_required
@recent_authentication_required(return_to="accounts:two_step")
def two_step_new_codes(request: HttpRequest) -> HttpResponse:
    if not twofactor.has_two_step(request.user):
        return redirect("accounts:two_step")
    codes = actions.do_new_recovery_codes(request.user)
    request.session[twofactor.NEW_CODES] = {"codes": codes, "next": reverse("accounts:two_step")}
    messages.success(request, _("Here are your new recovery codes. The old ones no longer work."))
    return redirect("accounts:two_step_codes")


@require_POST
@login_required
@recent_authentication_required(return_to="accounts:two_step")
def two_step_off(request: HttpRequest) -> HttpResponse:
    if twofactor.two_step_required(request.user):
        # Facilitators and staff keep it: client material and the admin need it.
        raise Http404
    actions.do_turn_off_two_step(request.user)
    messages.success(request, _("Two-step sign-in is off. You log in with your password alone."))
    return redirect("accounts:two_step")


@sensitive_post_parameters("secret")
@require_http_methods(["GET", "POST"])
@login_required
def confirm_it_is_you(request: HttpRequest) -> HttpResponse:
    """The password (or a code) again, then back to where the person was going."""
    user = request.user
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = ConfirmItIsYouForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "next": next_url, "has_app": twofactor.has_two_step(user)}
    if request.method != "POST":
        return render(request, "accounts/confirm_it_is_you.html", context)
    if login_limits.login_refused(request, account=user.email):
        return render(request, "accounts/rate_limited.html", status=429)
    if form.is_valid():
        secret = form.cleaned_data["secret"]
        device = None
        if context["has_app"] and "".join(secret.split()).isdigit():
            device = twofactor.verify_code(user, secret)
        if device is not None or user.check_password(secret):
            if device is not None:
                otp_login(request, device)
            twofactor.note_authenticated(request.session)
            return redirect(next_url)
        login_limits.count_failure(request, account=user.email)
        form.add_error(
            "secret",
            _("That is not your password or a current code. Please try again.")
            if context["has_app"]
            else _("That is not your password. Please try again."),
        )
    return render(request, "accounts/confirm_it_is_you.html", context, status=422)
