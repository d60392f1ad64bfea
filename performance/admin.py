from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ImportJob, LockException, Measure, MeasureSet, PeerLink, ReportingPeriod, Return


@admin.register(MeasureSet)
class MeasureSetAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "version", "is_reconstruction"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    """Read-only: measures change by loading a new version of the measure set's file."""

    list_display = ["code", "title", "measure_set", "unit", "polarity", "frequency"]
    list_filter = ["measure_set", "unit", "pillar_code"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "starts_on", "ends_on", "opens_on", "due_on", "lock_after_days"]


@admin.register(LockException)
class LockExceptionAdmin(SimpleHistoryAdmin):
    list_display = ["period", "force", "ends_on", "granted_by"]


@admin.register(Return)
class ReturnAdmin(SimpleHistoryAdmin):
    """Read-only: returns change through the return form, imports and the review page, which keep the rules."""

    list_display = ["force", "period", "status", "submitted_at", "reviewed_at"]
    list_filter = ["period", "status"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PeerLink)
class PeerLinkAdmin(admin.ModelAdmin):
    list_display = ["force", "peer"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "requested_by", "rows", "status", "created_at", "finished_at"]
    list_filter = ["status"]
    exclude = ["content"]
    readonly_fields = ["requested_by", "filename", "rows", "status", "summary", "errors", "task_id", "started_at",
                       "finished_at"]
