from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from innerchild.accounts import actions, twofactor
from innerchild.accounts import limits as login_limits
from innerchild.accounts.age import AgeMode, age_mode
from innerchild.accounts.forms import (
    ChangeEmailForm,
    DeleteAccountForm,
    LoginForm,
    OnboardingForm,
    ProfileForm,
    ResendConfirmationForm,
    SignUpForm,
)
from innerchild.accounts.guards import recent_authentication_required
from innerchild.accounts.models import User
from innerchild.accounts.tokens import email_confirmation_token
from innerchild.accounts.twofactor_views import start_second_step
from innerchild.audit import api as audit
from innerchild.core import registry
from innerchild.core.dashboard import FIRST_VISIT_SESSION_KEY


def _account_key(field: str):
    def key(group: str, request: HttpRequest) -> str:
        return (request.POST.get(field) or "").strip().lower()

    return key


def _rate(setting_name: str):
    return lambda group, request: getattr(settings, setting_name)


def limited_per_address_and_account(kind: str, account_field: str):
    """POSTs limited both per address and per account (settings <KIND>_RATE_PER_IP/_ACCOUNT)."""
    return method_decorator(
        [
            ratelimit(key="ip", rate=_rate(f"{kind}_RATE_PER_IP"), method="POST", block=True),
            ratelimit(
                key=_account_key(account_field),
                rate=_rate(f"{kind}_RATE_PER_ACCOUNT"),
                method="POST",
                block=True,
            ),
        ],
        name="post",
    )


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "accounts/rate_limited.html", status=429)


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _signup_limits(view):
    """Sign-ups and resends share limits per address and per email (no mail-bombing an inbox)."""
    for kind, key in (("IP", "ip"), ("ACCOUNT", _account_key("email"))):
        view = ratelimit(
            group=f"signup-{kind.lower()}",
            key=key,
            rate=_rate(f"SIGNUP_RATE_PER_{kind}"),
            method="POST",
            block=True,
        )(view)
    return view


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
@_signup_limits
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mode = age_mode(
            data["birth_year"],
            timezone.now().year,
            minimum_age=settings.MINIMUM_AGE,
            adult_age=settings.ADULT_AGE,
        )
        if mode == AgeMode.REFUSED:
            # No account and nothing stored: we do not keep data about children.
            return render(
                request,
                "accounts/too_young.html",
                {"country": data.get("country") or "", "minimum_age": settings.MINIMUM_AGE},
            )
        actions.do_sign_up(
            actions.SignUp(
                email=data["email"],
                password=data["password1"],
                display_name=data["display_name"],
                birth_year=data["birth_year"],
                role=data["role"],
                country=data.get("country") or "",
                language=getattr(request, "LANGUAGE_CODE", "en") or "en",
            ),
            site_url=_site_url(request),
        )
        # The same page whether or not the address had an account; the email tells its owner.
        return redirect("accounts:signup_sent")
    status = 422 if form.errors else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@require_GET
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@require_http_methods(["GET", "POST"])
@_signup_limits
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    # Bound on every POST, even an empty one, so a POST with no address is told what is missing.
    form = ResendConfirmationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.do_resend_confirmation(form.cleaned_data["email"], site_url=_site_url(request))
        return redirect("accounts:signup_sent")
    status = 422 if form.errors else 200
    return render(request, "accounts/resend_confirmation.html", {"form": form}, status=status)


def _user_for_confirmation(uidb64: str, token: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None or not email_confirmation_token.check_token(user, token):
        return None
    return user


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The emailed link: logging in here with the sign-up's password confirms the address, so
    only the person who chose the password and reads the inbox can open the account."""
    user = _user_for_confirmation(uidb64, token)
    if user is None:
        return render(request, "accounts/confirm_unusable.html", status=404)
    if request.method == "POST" and login_limits.login_refused(request):
        return rate_limited(request, None)
    form = LoginForm(
        request,
        data=request.POST if request.method == "POST" else None,
        initial={"username": user.email},
    )
    form.confirms_address = True
    if request.method == "POST":
        if form.is_valid() and form.get_user().pk == user.pk:
            actions.do_confirm_email(user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:onboarding")
        if form.is_valid():
            form.add_error(None, _("This link confirms another address. Log in with that one."))
        elif form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            login_limits.count_failure(request)
        return render(request, "accounts/confirm_email.html", {"form": form}, status=422)
    return render(request, "accounts/confirm_email.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Checked before the password, so a refused attempt learns nothing about it.
        if login_limits.login_refused(request):
            return rate_limited(request, None)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.has_two_step(user):
            # The password was right; the session is not logged in until the code is too.
            return start_second_step(self.request, user, self.get_success_url())
        return super().form_valid(form)

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            login_limits.count_failure(self.request)
        context = self.get_context_data(
            form=form, unverified=form.has_error(NON_FIELD_ERRORS, "unverified")
        )
        return self.render_to_response(context, status=422)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are logged out. Take care."))
    return redirect("core:home")


@limited_per_address_and_account("RESET", "email")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The reset link reached the inbox: that confirms the address too, and lets this browser
        # in even while someone else's guesses keep the account over its failure limit.
        actions.do_confirm_email(form.user)
        login_limits.unlock_for_this_browser(response, form.user.email)
        return response


@require_http_methods(["GET", "POST"])
@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    pages = registry.pages_for(request.user)
    if pages is not None:
        # Facilitators have an onboarding of their own (their practice, no personal readiness).
        return redirect(pages.onboarding)
    form = OnboardingForm(
        request.POST if request.method == "POST" else None,
        initial={"path": request.user.path or None},
    )
    if request.method == "POST" and form.is_valid():
        actions.do_complete_onboarding(request.user, path=form.cleaned_data["path"])
        request.session[FIRST_VISIT_SESSION_KEY] = True
        return redirect(_after_onboarding_url(request))
    status = 422 if form.errors else 200
    return render(request, "accounts/onboarding.html", {"form": form}, status=status)


def _after_onboarding_url(request: HttpRequest) -> str:
    """The readiness screen comes next, then the page the person was on their way to (a member
    page sends people here first) or the dashboard."""
    from innerchild.safety.api import readiness_url

    next_url = request.GET.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = reverse("core:dashboard")
    return readiness_url(next_url=next_url)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        actions.do_update_profile(
            request.user, {f: form.cleaned_data[f] for f in form.changed_data}
        )
        # Said in the language just chosen: the next page is already in it.
        with translation.override(request.user.language or settings.LANGUAGE_CODE):
            messages.success(request, _("Your settings are saved."))
        return redirect("accounts:profile")
    status = 422 if form.errors else 200
    if request.method == "POST" and form.errors:
        request.user.refresh_from_db()
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@sensitive_post_parameters("current_password")
@require_http_methods(["GET", "POST"])
@login_required
def change_email(request: HttpRequest) -> HttpResponse:
    form = ChangeEmailForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.do_change_email(request.user, form.cleaned_data["new_email"])
        messages.success(request, _("Your email address is changed."))
        return redirect("accounts:profile")
    status = 422 if form.errors else 200
    return render(request, "accounts/change_email.html", {"form": form}, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/change_password.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password is changed."))
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


@require_GET
@login_required
def data_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/data.html", {"delete_form": DeleteAccountForm(user=request.user)}
    )


@require_POST
@login_required
@recent_authentication_required(return_to="accounts:data")
def export_data(request: HttpRequest) -> HttpResponse:
    archive = actions.build_export(request.user)
    audit.record(
        audit.Event.DATA_EXPORTED, actor=request.user, subject=request.user, target_kind="account"
    )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="innerchild-export-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("current_password")
@require_POST
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/data.html", {"delete_form": form}, status=422)
    user = request.user
    logout(request)
    actions.do_delete_account(user)
    # Nothing about the person remains to name; the event says only that an account went.
    audit.record(audit.Event.ACCOUNT_DELETED, target_kind="account")
    return render(request, "accounts/deleted.html")
