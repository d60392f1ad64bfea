"""
API for performance returns under /api/v1/performance/: measures, periods, each force's return
and every figure, read and written through the same selectors, services and rules as the pages.

- Reads are scoped by `selectors.visible_returns`: every approved return, plus drafts of the
  caller's own force (all of them for the national team). Another force's unapproved return is a
  404, as on the pages.
- `POST .../returns/` starts a force's return for a period (Idempotency-Key: a retry creates
  once); `PUT .../returns/<force>/<period>/` saves figures on it as the return form does
  (`return_save`), with If-Match (428 without, 412 when stale), and submits them when
  `"submit": true` (`return_submit`). Only the force's planners and chief officers may write (403
  otherwise). Figure problems are a 400 problem, one entry per figure under `errors` (field
  "values"); a closed period or a submitted return is a 409.
- Lists take filters (unknown ones are a 400), `updated_since` for incremental sync, and cursor
  pages of up to 200 (`page_size`).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import idempotent
from accounts.models import Force
from accounts.selectors import ForceResolver
from common.api import (
    Conflict,
    CursorPagination,
    UpdatedSinceFilter,
    as_utc,
    check_if_match,
    etag_for,
    refuse_unknown_parameters,
    require_if_match,
)

from . import selectors
from .models import Measure, ReportingPeriod, Return, ReturnValue
from .services.returns import (
    ReturnProblems,
    applicable_measures,
    return_approve,
    return_save,
    return_send_back,
    return_submit,
)
from .validation import Entry, FigureError, parse_value

MAX_VALUES = 2000


class MeasureSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    pillar = serializers.CharField(source="pillar_code")
    unit = serializers.CharField()
    polarity = serializers.CharField()
    frequency = serializers.CharField()
    numerator = serializers.CharField(source="numerator.code", default=None, allow_null=True)
    denominator = serializers.CharField(source="denominator.code", default=None, allow_null=True)
    breakdown = serializers.CharField(source="breakdown_label")
    breakdown_categories = serializers.ListField(child=serializers.CharField())
    is_reconstruction = serializers.BooleanField()


class PeriodSerializer(serializers.Serializer):
    label = serializers.CharField()
    slug = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    opens_on = serializers.DateField()
    due_on = serializers.DateField()
    locks_on = serializers.DateField()


THOUSANDTH = Decimal("0.001")


class ValueOutSerializer(serializers.Serializer):
    """
    One figure. The fields say what the schema shows; `to_representation` writes them directly,
    because a page of 200 returns holds some 12,000 figures and DRF's field machinery took seconds.
    """

    measure_code = serializers.CharField(source="measure.code")
    breakdown = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    note = serializers.CharField()
    flag = serializers.ChoiceField(choices=ReturnValue.Flag.choices)
    flag_detail = serializers.CharField()

    def to_representation(self, v):
        return _figure(v.measure.code, v.breakdown, v.value, v.note, v.flag, v.flag_detail)


class ReturnOutSerializer(serializers.Serializer):
    force = serializers.CharField(source="force.code")
    period = serializers.CharField(source="period.label")
    period_slug = serializers.CharField(source="period.slug")
    status = serializers.ChoiceField(choices=Return.Status.choices)
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_comment = serializers.CharField()
    updated_at = serializers.DateTimeField()
    values = ValueOutSerializer(many=True)

    def to_representation(self, ret):
        rows = getattr(ret, "figure_rows", None)
        if rows is None:  # one return: its prefetched figures
            return super().to_representation(ret)
        # A page of returns (ReturnList): the figures came as plain rows, written as ValueOutSerializer does.
        data = {}
        for field in self._readable_fields:
            if field.field_name == "values":
                data["values"] = [_figure(*row) for row in rows]
                continue
            attribute = field.get_attribute(ret)
            data[field.field_name] = None if attribute is None else field.to_representation(attribute)
        return data


def _figure(measure_code, breakdown, value, note, flag, flag_detail) -> dict:
    return {
        "measure_code": measure_code,
        "breakdown": breakdown,
        "value": None if value is None else format(value.quantize(THOUSANDTH), "f"),
        "note": note,
        "flag": flag,
        "flag_detail": flag_detail,
    }


class FlatValueSerializer(ValueOutSerializer):
    """One figure with its return's force and period, for analysts' tables."""

    force = serializers.CharField(source="return_obj.force.code")
    period_slug = serializers.CharField(source="return_obj.period.slug")
    return_status = serializers.ChoiceField(source="return_obj.status", choices=Return.Status.choices)
    updated_at = serializers.DateTimeField()

    def to_representation(self, v):
        ret = v.return_obj
        return {
            **super().to_representation(v),
            "force": ret.force.code,
            "period_slug": ret.period.slug,
            "return_status": ret.status,
            "updated_at": serializers.DateTimeField().to_representation(v.updated_at),
        }


class ValueInSerializer(serializers.Serializer):
    measure_code = serializers.CharField(max_length=20)
    breakdown = serializers.CharField(max_length=40, allow_blank=True, default="")
    value = serializers.CharField(
        max_length=30,
        allow_blank=True,
        allow_null=True,
        required=False,
        default=None,
        help_text="A number (or a numeric string); null or empty for no figure.",
    )
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")


class ReturnInSerializer(serializers.Serializer):
    values = ValueInSerializer(many=True, max_length=MAX_VALUES)
    submit = serializers.BooleanField(default=False, help_text="Submit the return for national review after saving.")


class ReturnCreateSerializer(ReturnInSerializer):
    values = ValueInSerializer(many=True, min_length=1, max_length=MAX_VALUES)
    force = serializers.SlugField(max_length=60, help_text="The force's code, e.g. kent.")
    period = serializers.SlugField(max_length=60, help_text="The period's slug, e.g. 2026-27-h1.")


def _visible_returns(user):
    return selectors.visible_returns(user=user).select_related("force", "period").prefetch_related(
        # Only what the answer shows: a page of 200 returns is some 12,000 figures.
        Prefetch("values", queryset=ReturnValue.objects.select_related("measure")
                 .only("return_obj_id", "measure__code", "breakdown", "value", "note", "flag", "flag_detail",
                       "updated_at")
                 .order_by("measure__position", "measure_id", "breakdown"))
    )


def return_etag(ret: Return) -> str:
    """The return's version: its own row and its newest figure (a figure saved alone changes it too)."""
    newest = max((v.updated_at for v in ret.values.all()), default=None)
    return etag_for("return", ret.pk, ret.updated_at.isoformat(), newest.isoformat() if newest else "")


class ReturnFilter(filters.FilterSet):
    period = filters.CharFilter(field_name="period__slug", max_length=60, help_text="A period slug, e.g. 2022-23-h1")
    force = filters.CharFilter(method="filter_force", max_length=60,
                               help_text="A force code, name or alias, e.g. kent or GMP")
    status = filters.ChoiceFilter(choices=Return.Status.choices)
    updated_since = UpdatedSinceFilter(
        method="filter_updated_since",
        help_text="Only returns changed at or after this time (ISO 8601), a figure's change included.",
    )

    class Meta:
        model = Return
        fields = ["period", "force", "status"]

    def filter_force(self, queryset, name, value):
        force = ForceResolver().get(value)
        return queryset.filter(force=force) if force else queryset.none()

    def filter_updated_since(self, queryset, name, value):
        value = as_utc(value)
        changed_value = ReturnValue.objects.filter(return_obj=OuterRef("pk"), updated_at__gte=value)
        return queryset.filter(Q(updated_at__gte=value) | Exists(changed_value))


class ValueFilter(filters.FilterSet):
    period = filters.CharFilter(field_name="return_obj__period__slug", max_length=60)
    force = filters.CharFilter(field_name="return_obj__force__code", max_length=60)
    measure = filters.CharFilter(field_name="measure__code", max_length=20)
    return_status = filters.ChoiceFilter(field_name="return_obj__status", choices=Return.Status.choices)
    updated_since = UpdatedSinceFilter(field_name="updated_at")

    class Meta:
        model = ReturnValue
        fields = ["period", "force", "measure", "return_status"]


class PerformanceReader:
    """DRF permission: `performance.view_performance`, the rule the pages use."""

    def has_permission(self, request, view):
        return request.user.has_perm("performance.view_performance")

    def has_object_permission(self, request, view, obj):
        return True


@extend_schema(summary="List measures", description="The measures of the newest reporting period's measure set.")
class MeasureList(generics.ListAPIView):
    serializer_class = MeasureSerializer
    pagination_class = None
    permission_classes = [PerformanceReader]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular building the schema: no database reads
            return Measure.objects.none()
        period = ReportingPeriod.objects.order_by("-starts_on").first()
        if period is None:
            return Measure.objects.none()
        return period.measure_set.measures.select_related("numerator", "denominator")


@extend_schema(summary="List reporting periods", description="Every reporting period, newest first.")
class PeriodList(generics.ListAPIView):
    serializer_class = PeriodSerializer
    pagination_class = None
    permission_classes = [PerformanceReader]

    def get_queryset(self):
        return ReportingPeriod.objects.order_by("-starts_on")


class ReturnList(generics.ListCreateAPIView):
    serializer_class = ReturnOutSerializer
    filterset_class = ReturnFilter
    pagination_class = CursorPagination
    permission_classes = [PerformanceReader]
    ordering_fields = ["pk", "updated_at"]
    ordering = ["pk"]

    def get_queryset(self):
        # No prefetch: paginate_queryset reads the page's figures as plain rows, in one query.
        return selectors.visible_returns(user=self.request.user).select_related("force", "period")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        returns = list(queryset) if page is None else page
        figures = selectors.figures_by_return(return_ids=[ret.pk for ret in returns])
        for ret in returns:
            ret.figure_rows = figures.get(ret.pk, [])
        return page

    @extend_schema(
        summary="List returns",
        description="Returns the caller may see, with their figures: every approved return, and drafts of the "
        "caller's own force (every force's for the national team). Cursor pages; follow `next`.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Start a return",
        description="Start the force's return for a period with its first figures (and submit it with submit "
        "true). Send an Idempotency-Key header: a retry with the same key and body answers the first "
        "response and creates nothing more. A return that already exists is a 409: change it with PUT.",
        request=ReturnCreateSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER,
                                     description="A unique key per return to create (at most 200 characters).")],
        responses={201: ReturnOutSerializer},
    )
    @idempotent
    def post(self, request, *args, **kwargs):
        refuse_unknown_parameters(request)
        data = ReturnCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            force = selectors.force_get(code=data.validated_data["force"])
            period = selectors.period_get(slug=data.validated_data["period"])
        except (ReportingPeriod.DoesNotExist, Force.DoesNotExist) as exc:
            raise serializers.ValidationError({"non_field_errors": ["No such force or period."]}) from exc
        if not request.user.has_perm("performance.change_return", force):
            raise PermissionDenied
        if Return.objects.filter(force=force, period=period).exists():
            raise Conflict("This force already has a return for the period: change it with PUT and If-Match.")
        ret = _save(request.user, force, period, data.validated_data)
        ret = _visible_returns(request.user).get(pk=ret.pk)
        location = f"/api/v1/performance/returns/{force.code}/{period.slug}/"
        return Response(ReturnOutSerializer(ret).data, status=status.HTTP_201_CREATED,
                        headers={"Location": location, "ETag": return_etag(ret)})


def _save(user, force, period, validated) -> Return:
    entries = _entries(period, validated["values"])
    if not entries and not Return.objects.filter(force=force, period=period).exists():
        raise serializers.ValidationError({"values": ["Send at least one figure to start the return."]})
    try:
        ret, _ = return_save(force=force, period=period, entries=entries, user=user)
        if validated["submit"]:
            ret = return_submit(ret=ret, user=user)
    except ReturnProblems as exc:
        raise serializers.ValidationError(
            {
                "non_field_errors": [exc.message],
                "values": [_describe(p.measure_code, p.breakdown, p.message) for p in exc.problems],
            }
        ) from exc
    return ret


@extend_schema(
    summary="List figures",
    description="Every figure the caller may see, one row per measure and breakdown, with its force and period: "
    "the table analysts load. Filter by period, force, measure and return status; `updated_since` for "
    "incremental sync. Cursor pages; follow `next`.",
)
class ValueList(generics.ListAPIView):
    serializer_class = FlatValueSerializer
    filterset_class = ValueFilter
    pagination_class = CursorPagination
    permission_classes = [PerformanceReader]
    ordering_fields = ["pk", "updated_at"]
    ordering = ["pk"]

    def get_queryset(self):
        visible = selectors.visible_returns(user=self.request.user)
        return ReturnValue.objects.filter(return_obj__in=visible).select_related(
            "measure", "return_obj__force", "return_obj__period")


def _return_objects(request, force_code: str, period_slug: str):
    """(force, period, return or None), as the return pages find them: 404 when not visible."""
    try:
        force = selectors.force_get(code=force_code)
        period = selectors.period_get(slug=period_slug)
    except (ReportingPeriod.DoesNotExist, Force.DoesNotExist) as exc:
        raise Http404 from exc
    try:
        ret = selectors.return_get_for_user(user=request.user, force=force, period=period)
    except Return.DoesNotExist as exc:
        raise Http404 from exc
    return force, period, ret


def _return_answer(request, ret: Return) -> Response:
    ret = _visible_returns(request.user).get(pk=ret.pk)
    return Response(ReturnOutSerializer(ret).data, headers={"ETag": return_etag(ret)})


class ReturnDetail(APIView):
    permission_classes = [PerformanceReader]

    @extend_schema(
        summary="One return",
        description="A force's return for a period, with its figures. The ETag names this version: send it "
        "back in If-Match to change the return.",
        responses={200: ReturnOutSerializer, 404: OpenApiResponse(description="Not found or not visible")},
    )
    def get(self, request, force_code: str, period_slug: str):
        refuse_unknown_parameters(request)
        _, _, ret = _return_objects(request, force_code, period_slug)
        if ret is None:
            raise Http404
        return _return_answer(request, ret)

    @extend_schema(
        summary="Save figures (and submit)",
        description="Save figures on the force's return, as the return form does; figures not sent are left as "
        "they are. With submit true, submit it for national review. All or nothing. If-Match with the "
        "return's ETag is required once the return exists (428 without it, 412 if it changed since).",
        request=ReturnInSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                                     description="The ETag of the return as you read it.")],
        responses={
            200: ReturnOutSerializer,
            400: OpenApiResponse(description="Problems with the figures"),
            403: OpenApiResponse(description="Not allowed to change this force's return"),
        },
    )
    def put(self, request, force_code: str, period_slug: str):
        refuse_unknown_parameters(request)
        force, period, ret = _return_objects(request, force_code, period_slug)
        if not request.user.has_perm("performance.change_return", force):
            raise PermissionDenied
        if ret is not None:
            require_if_match(request, return_etag(_visible_returns(request.user).get(pk=ret.pk)))
        data = ReturnInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ret = _save(request.user, force, period, data.validated_data)
        return _return_answer(request, ret)


class ReviewInSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=4000, allow_blank=True, default="",
                                    help_text="For the force; needed to send the return back.")


class _ReturnReviewStep(APIView):
    """The national review of a submitted return, as the review page: `performance.review_return`."""

    permission_classes = [PerformanceReader]

    def act(self, ret: Return, user, comment: str) -> None:
        raise NotImplementedError

    def post(self, request, force_code: str, period_slug: str):
        refuse_unknown_parameters(request)
        _, _, ret = _return_objects(request, force_code, period_slug)
        if not request.user.has_perm("performance.review_return"):
            raise PermissionDenied
        if ret is None:
            raise Http404
        current = _visible_returns(request.user).get(pk=ret.pk)
        check_if_match(request, return_etag(current))
        data = ReviewInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.act(ret, request.user, data.validated_data["comment"])
        return _return_answer(request, ret)


REVIEW_PARAMETERS = [OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False,
                                      description="Optional: the return's ETag; refused (412) if it changed.")]


class ReturnApprove(_ReturnReviewStep):
    @extend_schema(summary="Approve a return", request=ReviewInSerializer, responses=ReturnOutSerializer,
                   parameters=REVIEW_PARAMETERS,
                   description="The national coordinator approves a submitted return: its figures open to every force.")
    def post(self, request, force_code: str, period_slug: str):
        return super().post(request, force_code, period_slug)

    def act(self, ret, user, comment):
        return_approve(ret=ret, user=user, comment=comment)


class ReturnSendBack(_ReturnReviewStep):
    @extend_schema(summary="Send a return back", request=ReviewInSerializer, responses=ReturnOutSerializer,
                   parameters=REVIEW_PARAMETERS,
                   description="The national coordinator sends a submitted return back to the force with comments.")
    def post(self, request, force_code: str, period_slug: str):
        return super().post(request, force_code, period_slug)

    def act(self, ret, user, comment):
        return_send_back(ret=ret, user=user, comment=comment)


def _describe(code: str, breakdown: str, message: str) -> str:
    return f"{code}{f' ({breakdown})' if breakdown else ''}: {message}"


def _entries(period: ReportingPeriod, items: list[dict]) -> dict:
    """The sent figures as entries for return_save; raise a ValidationError listing every bad one."""
    measures = {m.code: m for m in applicable_measures(period)}
    entries, problems = {}, []
    for item in items:
        code, breakdown = item["measure_code"], item["breakdown"]
        measure = measures.get(code)
        if measure is None:
            problems.append(_describe(code, breakdown, f"not a measure of {period.label}"))
            continue
        if breakdown and breakdown not in measure.breakdown_categories:
            problems.append(_describe(code, breakdown, "not a breakdown of this measure"))
            continue
        if (code, breakdown) in entries:
            problems.append(_describe(code, breakdown, "sent twice"))
            continue
        try:
            value = parse_value(measure, None if item["value"] is None else str(item["value"]))
        except FigureError as exc:
            problems.append(_describe(code, breakdown, exc.message))
            continue
        entries[(code, breakdown)] = Entry(value, item["note"].strip() if not breakdown else "")
    if problems:
        raise serializers.ValidationError({"non_field_errors": ["Some figures are not valid"], "values": problems})
    return entries


urlpatterns = [
    path("measures/", MeasureList.as_view(), name="performance-api-measures"),
    path("periods/", PeriodList.as_view(), name="performance-api-periods"),
    path("returns/", ReturnList.as_view(), name="performance-api-returns"),
    path("values/", ValueList.as_view(), name="performance-api-values"),
    path("returns/<slug:force_code>/<slug:period_slug>/", ReturnDetail.as_view(), name="performance-api-return"),
    path("returns/<slug:force_code>/<slug:period_slug>/approve/", ReturnApprove.as_view(),
         name="performance-api-return-approve"),
    path("returns/<slug:force_code>/<slug:period_slug>/send-back/", ReturnSendBack.as_view(),
         name="performance-api-return-send-back"),
]
