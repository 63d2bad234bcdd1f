from django.contrib.auth import views as auth_views
from django.urls import path

from innerchild.accounts import twofactor_views, views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/resend/", views.resend_confirmation, name="resend_confirmation"),
    path("confirm/<uidb64>/<token>/", views.confirm_email, name="confirm_email"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("two-step/code/", twofactor_views.two_step_login, name="two_step_login"),
    path("two-step/needed/", twofactor_views.two_step_needed, name="two_step_required"),
    path("check/", twofactor_views.confirm_it_is_you, name="confirm_it_is_you"),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("settings/", views.profile, name="profile"),
    path("settings/email/", views.change_email, name="change_email"),
    path("settings/password/", views.PasswordChangeView.as_view(), name="change_password"),
    path("settings/two-step/", twofactor_views.two_step, name="two_step"),
    path("settings/two-step/set-up/", twofactor_views.two_step_setup, name="two_step_setup"),
    path("settings/two-step/codes/", twofactor_views.two_step_codes, name="two_step_codes"),
    path(
        "settings/two-step/new-codes/",
        twofactor_views.two_step_new_codes,
        name="two_step_new_codes",
    ),
    path("settings/two-step/off/", twofactor_views.two_step_off, name="two_step_off"),
    path("settings/data/", views.data_page, name="data"),
    path("settings/data/export/", views.export_data, name="export"),
    path("settings/data/delete/", views.delete_account, name="delete"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
