"""Staff views of safety records that hold no personal text (plans and notes stay out of admin)."""

from django.contrib import admin

from innerchild.safety.models import DeepWorkUnlock, ReadinessCheck, RiskEvent


@admin.register(RiskEvent)
class RiskEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "level", "categories", "source")
    list_filter = ("level",)
    readonly_fields = ("created_at", "user", "level", "categories", "source", "language")


@admin.register(ReadinessCheck)
class ReadinessCheckAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "outcome", "reasons")
    list_filter = ("outcome",)
    readonly_fields = ("created_at", "user", "outcome", "reasons")


@admin.register(DeepWorkUnlock)
class DeepWorkUnlockAdmin(admin.ModelAdmin):
    list_display = ("member", "unlocked_by", "unlocked_at")
    raw_id_fields = ("member", "unlocked_by")
