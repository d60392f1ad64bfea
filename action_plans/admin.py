"""
Staff views of plans for support. The workflow is changed through the service pages, never here:
plans, transitions and comments are read-only in the admin so the audit trail stays true.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, LocalAction, PlanningRound, PlanTransition, ReviewComment


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PlanningRound)
class PlanningRoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "framework", "due_on", "status", "opened_at"]
    list_filter = ["status", "framework"]


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ["force", "round", "revision", "status", "is_late", "submitted_at", "approved_at"]
    list_filter = ["status", "round", "is_late"]
    search_fields = ["force__name", "force__aliases"]


@admin.register(LocalAction)
class LocalActionAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ["reference", "title", "plan", "rag", "progress", "needs_review"]
    list_filter = ["rag", "status", "needs_review"]
    search_fields = ["reference", "title", "plan__force__name", "plan__force__aliases"]
    list_select_related = ["plan__force", "plan__round"]


@admin.register(PlanTransition)
class PlanTransitionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "from_status", "to_status", "actor", "at"]
    list_select_related = ["plan__force", "plan__round", "actor"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["plan", "action", "author", "created_at", "is_answered"]
    list_select_related = ["plan__force", "plan__round", "action", "author"]
