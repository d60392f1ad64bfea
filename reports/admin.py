from django.contrib import admin

from .models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "progress", "requested_by", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "requested_by__email", "celery_task_id"]
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
