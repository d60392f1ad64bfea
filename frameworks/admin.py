"""
Curation of frameworks for staff. A published or retired framework is read-only here, as in every
other write path: its text changes only by loading a new version. Saves go through
services.framework_content_save, which checks that rule again against the stored row.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from common.errors import DomainError

from .models import Framework, FrameworkAction, Outcome, Pillar
from .services import framework_content_check, framework_content_save, framework_publish, framework_retire


class ContentForm(forms.ModelForm):
    """Runs the service's checks on the edited row so a refusal shows as a form error, not a 500."""

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                framework_content_check(obj=self.instance)
            except DomainError as exc:
                self.add_error(None, ValidationError(exc.message))


class DraftOnlyAdmin(admin.ModelAdmin):
    """Change and delete only while the framework is a draft; maps_from is set by the loader."""

    form = ContentForm
    readonly_fields = ["maps_from"]

    def framework_of(self, obj) -> Framework:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.framework_of(obj).status != Framework.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.framework_of(obj).status != Framework.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        framework_content_save(obj=obj)


@admin.register(Framework)
class FrameworkAdmin(DraftOnlyAdmin):
    list_display = ["title", "version", "status", "published_on", "plan_due_on", "is_reconstruction"]
    list_filter = ["status", "is_reconstruction"]
    search_fields = ["title", "short_title", "slug", "version"]
    readonly_fields = ["status", "created_at", "updated_at"]
    actions = ["publish", "retire"]

    def framework_of(self, obj):
        return obj

    @admin.action(description="Publish selected draft frameworks")
    def publish(self, request, queryset):
        self._transition(request, queryset, framework_publish, "published")

    @admin.action(description="Retire selected published frameworks")
    def retire(self, request, queryset):
        self._transition(request, queryset, framework_retire, "retired")

    def _transition(self, request, queryset, service, done: str) -> None:
        for framework in queryset:
            try:
                service(framework=framework)
            except DomainError as exc:
                self.message_user(request, f"{framework}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{framework}: {done}", messages.SUCCESS)


@admin.register(Pillar)
class PillarAdmin(DraftOnlyAdmin):
    list_display = ["code", "title", "framework", "is_overarching", "position"]
    list_filter = ["framework", "is_overarching"]
    search_fields = ["code", "title"]
    list_select_related = ["framework"]

    def framework_of(self, obj):
        return obj.framework


@admin.register(Outcome)
class OutcomeAdmin(DraftOnlyAdmin):
    list_display = ["code", "title", "pillar", "position"]
    list_filter = ["pillar__framework"]
    search_fields = ["code", "title"]
    list_select_related = ["pillar__framework"]
    readonly_fields = []

    def framework_of(self, obj):
        return obj.pillar.framework


@admin.register(FrameworkAction)
class FrameworkActionAdmin(DraftOnlyAdmin):
    list_display = ["code", "short_text", "framework", "audience", "requirement"]
    list_filter = ["framework", "audience", "requirement"]
    search_fields = ["code", "text", "source_note"]
    list_select_related = ["framework"]

    def framework_of(self, obj):
        return obj.framework

    @admin.display(description="Text")
    def short_text(self, obj):
        return obj.text[:80]
