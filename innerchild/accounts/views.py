from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from innerchild.accounts import actions
from innerchild.accounts.age import AgeMode, age_mode
from innerchild.accounts.forms import (
    ChangeEmailForm,
    DeleteAccountForm,
    LoginForm,
    OnboardingForm,
    ProfileForm,
    SignUpForm,
)
from innerchild.audit import api as audit
from innerchild.core import registry


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


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_rate("SIGNUP_RATE_PER_IP"), method="POST", block=True)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SignUpForm(request.POST or None)
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
        user = actions.do_sign_up(
            email=data["email"],
            password=data["password1"],
            display_name=data["display_name"],
            birth_year=data["birth_year"],
            role=data["role"],
            country=data.get("country") or "",
            language=getattr(request, "LANGUAGE_CODE", "en") or "en",
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:onboarding")
    status = 422 if form.errors else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@limited_per_address_and_account("LOGIN", "username")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


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


@require_http_methods(["GET", "POST"])
@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    pages = registry.pages_for(request.user)
    if pages is not None:
        # Facilitators have an onboarding of their own (their practice, no personal readiness).
        return redirect(pages.onboarding)
    form = OnboardingForm(request.POST or None, initial={"path": request.user.path or None})
    if request.method == "POST" and form.is_valid():
        actions.do_complete_onboarding(request.user, path=form.cleaned_data["path"])
        return redirect(_after_onboarding_url())
    status = 422 if form.errors else 200
    return render(request, "accounts/onboarding.html", {"form": form}, status=status)


def _after_onboarding_url() -> str:
    """The readiness screen comes next, then the dashboard."""
    from innerchild.safety.api import readiness_url

    return readiness_url(next_url=reverse("core:dashboard"))


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        actions.do_update_profile(
            request.user, {f: form.cleaned_data[f] for f in form.changed_data}
        )
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
    form = ChangeEmailForm(request.POST or None, user=request.user)
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
