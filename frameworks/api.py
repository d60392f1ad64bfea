"""
The national framework under /api/v1/frameworks/ (issue 13): every version the caller may see,
and one version with its pillars, outcomes and actions, read through the same selectors as the
pages (drafts only for those `frameworks.rules` lets see them). Read-only: the national team
curates frameworks on the pages.
"""

from django.http import Http404
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from common.api import PageNumberPagination, RelatedCodes, refuse_unknown_parameters

from . import selectors
from .models import Framework, FrameworkAction


class _FrameworkFields(serializers.Serializer):
    """What the list and the detail both say of a framework."""

    slug = serializers.CharField()
    version = serializers.CharField()
    title = serializers.CharField()
    short_title = serializers.CharField()
    status = serializers.ChoiceField(choices=Framework.Status.choices)
    published_on = serializers.DateField(allow_null=True)
    plan_due_on = serializers.DateField(allow_null=True)
    is_reconstruction = serializers.BooleanField()
    updated_at = serializers.DateTimeField()


class FrameworkSummarySerializer(_FrameworkFields):
    pillar_count = serializers.IntegerField()
    action_count = serializers.IntegerField()


class FrameworkActionSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    audience = serializers.ChoiceField(choices=FrameworkAction.Audience.choices)
    requirement = serializers.ChoiceField(choices=FrameworkAction.Requirement.choices)
    guidance = serializers.CharField()
    maps_from = RelatedCodes(help_text="Codes of the previous framework's actions it continues.")


class OutcomeSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    actions = FrameworkActionSerializer(many=True)


class PillarSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    is_overarching = serializers.BooleanField()
    outcomes = OutcomeSerializer(many=True)


class FrameworkSerializer(_FrameworkFields):
    summary = serializers.CharField()
    provenance = serializers.CharField()
    previous = serializers.SerializerMethodField()
    pillars = PillarSerializer(many=True)

    def get_previous(self, framework) -> str | None:
        """slug/version of the framework this one replaces."""
        previous = framework.previous
        return f"{previous.slug}/{previous.version}" if previous else None


class FrameworkReader:
    """DRF permission: `frameworks.view_framework`, as on the pages."""

    def has_permission(self, request, view):
        return request.user.has_perm("frameworks.view_framework")

    def has_object_permission(self, request, view, obj):
        return True


class FrameworkFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Framework.Status.choices)
    slug = filters.CharFilter(max_length=80)

    class Meta:
        model = Framework
        fields = ["status", "slug"]


@extend_schema(summary="List frameworks", description="Every framework version you may see, newest first.")
class FrameworkList(generics.ListAPIView):
    serializer_class = FrameworkSummarySerializer
    filterset_class = FrameworkFilter
    pagination_class = PageNumberPagination
    permission_classes = [FrameworkReader]

    def get_queryset(self):
        return selectors.framework_list_for_user(user=self.request.user)


@extend_schema(summary="One framework version", description="A framework version with its pillars, outcomes and "
               "actions, in their order.")
class FrameworkDetail(generics.RetrieveAPIView):
    serializer_class = FrameworkSerializer
    permission_classes = [FrameworkReader]

    def get_object(self):
        refuse_unknown_parameters(self.request)
        try:
            return selectors.framework_get(slug=self.kwargs["slug"], version=self.kwargs["version"],
                                           user=self.request.user)
        except Framework.DoesNotExist as exc:
            raise Http404 from exc


urlpatterns = [
    path("", FrameworkList.as_view(), name="api-frameworks"),
    path("<slug:slug>/<str:version>/", FrameworkDetail.as_view(), name="api-framework"),
]
