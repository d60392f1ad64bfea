"""
API for performance returns under /api/v1/performance/: measures, periods, and each force's
return, read and written through the same selectors, services and rules as the pages.

- Reads are scoped by `selectors.visible_returns`: every approved return, plus drafts of the
  caller's own force (all of them for the national team). Another force's unapproved return is a
  404, as on the pages.
- `PUT .../returns/<force>/<period>/` saves figures as the return form does (`return_save`), and
  submits them when `"submit": true` (`return_submit`). Only the force's planners and chief
  officers may write (403 otherwise). Problems come back as 400 in the one error shape, with
  every figure's problem under `extra.fields.values`.

Authentication is the session for now; token authentication for forces' own systems comes with
the API-wide work (a later issue).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Force
from accounts.selectors import ForceResolver
from common.errors import DomainError

from . import selectors
from .models import Measure, ReportingPeriod, Return
from .services.returns import ReturnProblems, applicable_measures, return_save, return_submit
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
    numerator = serializers.CharField(source="numerator.code", default=None)
    denominator = serializers.CharField(source="denominator.code", default=None)
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


class ValueOutSerializer(serializers.Serializer):
    measure_code = serializers.CharField(source="measure.code")
    breakdown = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    note = serializers.CharField()
    flag = serializers.CharField()
    flag_detail = serializers.CharField()


class ReturnOutSerializer(serializers.Serializer):
    force = serializers.CharField(source="force.code")
    period = serializers.CharField(source="period.label")
    period_slug = serializers.CharField(source="period.slug")
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    reviewed_at = serializers.DateTimeField()
    review_comment = serializers.CharField()
    values = ValueOutSerializer(many=True)


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


def _visible_returns(user):
    return selectors.visible_returns(user=user).select_related("force", "period").prefetch_related("values__measure")


@extend_schema(summary="List measures", description="The measures of the newest reporting period's measure set.")
class MeasureList(generics.ListAPIView):
    serializer_class = MeasureSerializer
    pagination_class = None

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

    def get_queryset(self):
        return ReportingPeriod.objects.order_by("-starts_on")


@extend_schema(
    summary="List returns",
    description="Returns the caller may see, with their figures: every approved return, and drafts of the "
    "caller's own force (every force's for the national team).",
    parameters=[
        OpenApiParameter("period", str, description="A period slug, e.g. 2022-23-h1"),
        OpenApiParameter("force", str, description="A force code, name or alias, e.g. kent or GMP"),
        OpenApiParameter("status", str, enum=[s.value for s in Return.Status]),
    ],
)
class ReturnList(generics.ListAPIView):
    serializer_class = ReturnOutSerializer

    def get_queryset(self):
        returns = _visible_returns(self.request.user).order_by("period__starts_on", "force__code")
        params = self.request.query_params
        if params.get("period"):
            returns = returns.filter(period__slug=params["period"])
        if params.get("force"):
            force = ForceResolver().get(params["force"])
            returns = returns.filter(force=force) if force else returns.none()
        if params.get("status"):
            if params["status"] not in Return.Status.values:
                raise serializers.ValidationError({"status": [f"Choose one of {', '.join(Return.Status.values)}"]})
            returns = returns.filter(status=params["status"])
        return returns


class ReturnDetail(APIView):
    def _objects(self, request, force_code: str, period_slug: str):
        if not request.user.has_perm("performance.view_performance"):
            raise PermissionDenied
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

    def _out(self, ret: Return) -> Response:
        ret = _visible_returns(self.request.user).get(pk=ret.pk)
        return Response(ReturnOutSerializer(ret).data)

    @extend_schema(
        summary="One return",
        description="A force's return for a period, with its figures.",
        responses={200: ReturnOutSerializer, 404: OpenApiResponse(description="Not found or not visible")},
    )
    def get(self, request, force_code: str, period_slug: str):
        _, _, ret = self._objects(request, force_code, period_slug)
        if ret is None:
            raise Http404
        return self._out(ret)

    @extend_schema(
        summary="Save figures (and submit)",
        description="Save figures on the force's return, as the return form does; figures not sent are left as "
        "they are. With submit true, submit it for national review. All or nothing.",
        request=ReturnInSerializer,
        responses={
            200: ReturnOutSerializer,
            400: OpenApiResponse(description="Problems with the figures"),
            403: OpenApiResponse(description="Not allowed to change this force's return"),
        },
    )
    def put(self, request, force_code: str, period_slug: str):
        force, period, ret = self._objects(request, force_code, period_slug)
        if not request.user.has_perm("performance.change_return", force):
            raise PermissionDenied
        data = ReturnInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entries = _entries(period, data.validated_data["values"])
        try:
            ret, _ = return_save(force=force, period=period, entries=entries, user=request.user)
            if data.validated_data["submit"]:
                ret = return_submit(ret=ret, user=request.user)
        except ReturnProblems as exc:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [exc.message],
                    "values": [_describe(p.measure_code, p.breakdown, p.message) for p in exc.problems],
                }
            ) from exc
        except DomainError as exc:
            raise serializers.ValidationError({"non_field_errors": [exc.message]}) from exc
        return self._out(ret)


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
    path("returns/<slug:force_code>/<slug:period_slug>/", ReturnDetail.as_view(), name="performance-api-return"),
]
