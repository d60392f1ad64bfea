"""
Read-only API of the toolkit under /api/v1/toolkit/: behaviours, offences and tools.

Public like the pages (AllowAny). `?search=` uses the same ranking as the toolkit's search box
(toolkit.selectors.toolkit_search); without it, entries come in name order.
"""

from django.db.models import Case, IntegerField, Prefetch, QuerySet, When
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, routers, serializers, viewsets

from common.api import PageNumberPagination

from .models import Behaviour, BehaviourOffence, BehaviourTactic, Category, ModeOfTrial, Offence, Tactic
from .selectors import toolkit_search_ids


class OptionalURLField(serializers.URLField):
    """A link that may be missing: null in the answer, never "" (which is not a URI)."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class _EntryFields(serializers.Serializer):
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())
    verified = serializers.CharField()
    needs_check = serializers.BooleanField()
    source_url = OptionalURLField()
    last_reviewed_on = serializers.DateField(allow_null=True)


class OffenceLinkSerializer(serializers.Serializer):
    slug = serializers.CharField(source="offence.slug")
    name = serializers.CharField(source="offence.name")
    note = serializers.CharField()


class TacticLinkSerializer(serializers.Serializer):
    slug = serializers.CharField(source="tactic.slug")
    name = serializers.CharField(source="tactic.name")


class BehaviourLinkSerializer(serializers.Serializer):
    slug = serializers.CharField(source="behaviour.slug")
    name = serializers.CharField(source="behaviour.name")
    note = serializers.CharField()


class BehaviourSerializer(_EntryFields):
    slug = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    summary = serializers.CharField()
    examples = serializers.ListField(source="example_list", child=serializers.CharField())
    offences = OffenceLinkSerializer(source="offence_links", many=True)
    tools = TacticLinkSerializer(source="tactic_links", many=True)


class OffenceSerializer(_EntryFields):
    slug = serializers.CharField()
    name = serializers.CharField()
    act = serializers.CharField()
    section = serializers.CharField()
    summary = serializers.CharField()
    mode_of_trial = serializers.CharField()
    max_penalty = serializers.CharField()
    uses_general_limit = serializers.BooleanField()
    status = serializers.CharField()
    in_force_from = serializers.DateField(allow_null=True)
    in_force_until = serializers.DateField(allow_null=True)
    legislation_url = OptionalURLField()
    replaced_by = serializers.CharField(source="replaced_by.slug", allow_null=True, default=None)
    behaviours = BehaviourLinkSerializer(source="behaviour_links", many=True)


class TacticSerializer(_EntryFields):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    summary = serializers.CharField()
    legislation = serializers.CharField()
    section = serializers.CharField()
    who_applies = serializers.CharField()
    test = serializers.CharField()
    duration = serializers.CharField()
    breach = serializers.CharField()
    status_text = serializers.CharField()


class BehaviourFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Category.choices)

    class Meta:
        model = Behaviour
        fields = ["category"]


class OffenceFilter(filters.FilterSet):
    mode_of_trial = filters.ChoiceFilter(choices=ModeOfTrial.choices)
    status = filters.ChoiceFilter(choices=Offence.Status.choices)

    class Meta:
        model = Offence
        fields = ["mode_of_trial", "status"]


class TacticFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Tactic.Kind.choices)

    class Meta:
        model = Tactic
        fields = ["kind"]


SEARCH = OpenApiParameter("search", str, description="Words, a section (s66B) or everyday language; ranked.")


class ToolkitPagination(PageNumberPagination):
    # Entries carry their links, so a page is heavier than most: 20 keeps a search answer quick.
    page_size = 20


class _SearchableViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    pagination_class = ToolkitPagination
    lookup_field = "slug"
    search_kind = ""
    extra_query_params = ("search",)

    def base_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        queryset = self.base_queryset()
        search = self.request.query_params.get("search", "").strip()
        if self.action == "list" and search:
            ids = toolkit_search_ids(kind=self.search_kind, query=search[:200])
            order = Case(*[When(pk=pk, then=i) for i, pk in enumerate(ids)], output_field=IntegerField())
            return queryset.filter(pk__in=ids).order_by(order)
        return queryset.order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="List behaviours", description="Behaviours with their offences and tools.",
                       parameters=[SEARCH]),
    retrieve=extend_schema(summary="One behaviour", description="A behaviour by slug."),
)
class BehaviourViewSet(_SearchableViewSet):
    serializer_class = BehaviourSerializer
    filterset_class = BehaviourFilter
    search_kind = "behaviour"

    def base_queryset(self):
        return Behaviour.objects.prefetch_related(
            Prefetch("offence_links", queryset=BehaviourOffence.objects.select_related("offence")),
            Prefetch("tactic_links", queryset=BehaviourTactic.objects.select_related("tactic")),
        )


@extend_schema_view(
    list=extend_schema(summary="List offences", description="Offences, current, repealed and prospective.",
                       parameters=[SEARCH]),
    retrieve=extend_schema(summary="One offence", description="An offence by slug, with the behaviours it covers."),
)
class OffenceViewSet(_SearchableViewSet):
    serializer_class = OffenceSerializer
    filterset_class = OffenceFilter
    search_kind = "offence"

    def base_queryset(self):
        return Offence.objects.select_related("replaced_by").prefetch_related(
            Prefetch("behaviour_links", queryset=BehaviourOffence.objects.select_related("behaviour"))
        )


@extend_schema_view(
    list=extend_schema(summary="List protective tools", description="Civil orders, notices, schemes and powers.",
                       parameters=[SEARCH]),
    retrieve=extend_schema(summary="One protective tool", description="A tool by slug."),
)
class TacticViewSet(_SearchableViewSet):
    serializer_class = TacticSerializer
    filterset_class = TacticFilter
    search_kind = "tool"

    def base_queryset(self):
        return Tactic.objects.all()


router = routers.SimpleRouter()
router.register("behaviours", BehaviourViewSet, basename="toolkit-behaviour")
router.register("offences", OffenceViewSet, basename="toolkit-offence")
router.register("tools", TacticViewSet, basename="toolkit-tool")
urlpatterns = router.urls
