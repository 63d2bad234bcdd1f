"""Read-only admin pages for the job machinery (docs/jobs.md); the jobs themselves are under
"Tasks Database Backend"."""

from django.contrib import admin
from django.http import HttpRequest

from innerchild.core.models import OnceKey, PeriodicJob, WorkerBeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """Workers own these rows: an edit by hand could enqueue a run twice or hide a lost job."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PeriodicJob)
class PeriodicJobAdmin(ReadOnlyAdmin):
    list_display = ["name", "next_run_at", "last_enqueued_at", "run_count"]
    ordering = ["name"]


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnlyAdmin):
    list_display = ["worker_id", "host", "pid", "started_at", "last_seen_at"]
    ordering = ["-last_seen_at"]


@admin.register(OnceKey)
class OnceKeyAdmin(ReadOnlyAdmin):
    list_display = ["key", "state", "updated_at"]
    list_filter = ["state"]
    search_fields = ["key"]
    ordering = ["-updated_at"]
