from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from innerchild.accounts.devices import AuthenticatorDevice, RecoveryCodeDevice
from innerchild.accounts.models import User
from innerchild.core.crypto import EncryptedTextField


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "facilitator_verified", "date_joined"]
    list_filter = ["role", "facilitator_verified", "is_staff"]
    # The display name is encrypted, so the database cannot search it; email is enough to find someone.
    search_fields = ["email"]
    formfield_overrides = {EncryptedTextField: {"widget": forms.TextInput}}
    actions = ["verify_facilitators"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "birth_year", "country", "timezone", "language"]}),
        ("Role", {"fields": ["role", "facilitator_verified"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "display_name", "birth_year", "password1", "password2"]}),
    ]

    @admin.action(description="Mark selected facilitators as verified")
    def verify_facilitators(self, request, queryset):
        queryset.filter(role="facilitator").update(facilitator_verified=True)


@admin.register(AuthenticatorDevice)
class AuthenticatorDeviceAdmin(admin.ModelAdmin):
    """Staff can only remove an app (a person who lost their phone and recovery codes, once it is
    checked that it is them); the key is never shown."""

    list_display = ["user", "confirmed", "last_used_at", "created_at"]
    search_fields = ["user__email"]
    fields = ["user", "confirmed", "last_used_at", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RecoveryCodeDevice)
class RecoveryCodeDeviceAdmin(admin.ModelAdmin):
    list_display = ["user"]
    search_fields = ["user__email"]
    fields = ["user"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
