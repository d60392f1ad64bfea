"""
Curation in the Django admin, for national coordinators who are staff and for superusers.

Every change is kept by django-simple-history (the "History" button) and shown in the public
change log. Saving here stamps the entry as curated, like the curator page, so the data file no
longer overwrites it; the search columns are refreshed after each save.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    REVIEW_AFTER_MONTHS,
    Behaviour,
    BehaviourOffence,
    BehaviourTactic,
    GeneralLimit,
    Offence,
    SearchSynonym,
    Tactic,
    review_cutoff,
)
from .services import (
    search_synonym_delete,
    search_synonym_save,
    toolkit_entry_mark_reviewed,
    toolkit_search_index_refresh,
    toolkit_search_stamp_bump,
)


class CuratorOnly:
    """Only users with the toolkit.change_entry rule see or change toolkit entries in the admin."""

    def has_module_permission(self, request):
        return request.user.has_perm("toolkit.change_entry")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("toolkit.change_entry")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("toolkit.change_entry")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("toolkit.change_entry")

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_superuser)


class ReviewDueFilter(admin.SimpleListFilter):
    """The entries on the national review list (toolkit.selectors.toolkit_review_list), by reason."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("date", "A date it depends on has come"),
                ("overdue", f"Not checked for {REVIEW_AFTER_MONTHS} months, or never")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "date":
            return queryset.filter(review_due_on__lte=today)
        if self.value() == "overdue":
            return queryset.filter(Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=review_cutoff(today)))
        return queryset


class EntryAdmin(CuratorOnly, SimpleHistoryAdmin):
    search_fields = ["name", "slug", "aliases"]
    readonly_fields = ["last_reviewed_on", "last_reviewed_by", "reviewed_by_name", "reviewed_month_only", "created_at",
                       "updated_at"]
    actions = ["mark_reviewed"]

    def save_model(self, request, obj, form, change):
        obj.curated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        toolkit_search_index_refresh(model=type(form.instance), pks=[form.instance.pk])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        toolkit_search_stamp_bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        toolkit_search_stamp_bump()

    @admin.action(description="Mark the selected entries as reviewed today")
    def mark_reviewed(self, request, queryset):
        for entry in queryset:
            toolkit_entry_mark_reviewed(entry=entry, user=request.user)


class OffenceLinkInline(CuratorOnly, admin.TabularInline):
    model = BehaviourOffence
    extra = 0
    autocomplete_fields = ["offence"]


class TacticLinkInline(CuratorOnly, admin.TabularInline):
    model = BehaviourTactic
    extra = 0
    autocomplete_fields = ["tactic"]


@admin.register(Behaviour)
class BehaviourAdmin(EntryAdmin):
    list_display = ["name", "category", "verified", "last_reviewed_on", "review_due_on", "curated_at"]
    list_filter = [ReviewDueFilter, "category", "verified"]
    inlines = [OffenceLinkInline, TacticLinkInline]
    filter_horizontal = ["related"]


@admin.register(Offence)
class OffenceAdmin(EntryAdmin):
    list_display = ["name", "act", "section", "mode_of_trial", "status", "verified", "last_reviewed_on",
                    "review_due_on"]
    list_filter = [ReviewDueFilter, "status", "mode_of_trial", "verified"]
    search_fields = ["name", "slug", "aliases", "act", "section"]
    autocomplete_fields = ["replaced_by"]


@admin.register(Tactic)
class TacticAdmin(EntryAdmin):
    list_display = ["name", "kind", "verified", "last_reviewed_on", "review_due_on"]
    list_filter = [ReviewDueFilter, "kind", "verified"]


@admin.register(GeneralLimit)
class GeneralLimitAdmin(CuratorOnly, admin.ModelAdmin):
    list_display = ["starts_on", "months", "verified"]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(CuratorOnly, admin.ModelAdmin):
    """Synonyms are reviewed data: a curator's save is kept by later data-file loads and reaches the search at once."""

    list_display = ["phrase", "means", "note", "curated_at"]
    search_fields = ["phrase", "means", "note"]
    readonly_fields = ["curated_at"]

    def save_model(self, request, obj, form, change):
        search_synonym_save(synonym=obj)

    def delete_model(self, request, obj):
        search_synonym_delete(synonym=obj)

    def delete_queryset(self, request, queryset):
        for synonym in queryset:
            search_synonym_delete(synonym=synonym)
