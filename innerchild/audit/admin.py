from django.contrib import admin

from innerchild.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Staff read the whole log; nobody edits or deletes it here."""

    list_display = ("created_at", "event", "actor", "subject", "target_kind", "target_id")
    list_filter = ("event",)
    date_hierarchy = "created_at"
    search_fields = ("actor__email", "subject__email", "target_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
