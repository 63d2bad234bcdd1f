from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from innerchild.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "facilitator_verified", "date_joined"]
    list_filter = ["role", "facilitator_verified", "is_staff"]
    search_fields = ["email", "display_name"]
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
