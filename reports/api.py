"""
Report jobs and bulk exports under /api/v1/ (issue 13), through the same services and rules as
the pages.

- `/api/v1/reports/`: ask for a document (a plan PDF, the toolkit PDF, the ZIP of every approved
  plan, the national compliance report), follow its status, download the file. The same
  `jobs.report_job_request` as the buttons: a plan you may not read is a 404, a kind your role may
  not ask for a 403.
- `/api/v1/exports/approved-actions.csv` and `/approved-returns.csv`: every approved plan's actions
  and every approved return's figures in one CSV each, for the national team's analysis tools
  (`compliance.view_overview`, the rule of the national pages; 403 for force roles). Text cells
  are escaped so that no cell runs as a spreadsheet formula.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, renderers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from action_plans.models import ActionPlan
from common.api import CursorPagination, ProblemSafeRenderer, refuse_unknown_parameters
from common.csv_safety import cell_escape
from common.errors import DomainError

from . import selectors
from .models import ReportJob
from .services import jobs
from .views import CONTENT_TYPES


class ReportJobSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    kind = serializers.ChoiceField(choices=ReportJob.Kind.choices)
    params = serializers.DictField(child=serializers.IntegerField())
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=ReportJob.Status.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    error_message = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    filename = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    sha256 = serializers.CharField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, job) -> str | None:
        """Where to fetch the file once the job is ready."""
        return f"/api/v1/reports/{job.uuid}/download/" if job.status == ReportJob.Status.READY else None


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportJob.Kind.choices)
    plan_id = serializers.IntegerField(min_value=1, required=False,
                                       help_text="The plan, for kind plan_pdf (and only for it).")


class SignedInWithRole:
    def has_permission(self, request, view):
        return request.user.has_perm("frameworks.view_framework")

    def has_object_permission(self, request, view, obj):
        return True


class ReportJobList(generics.ListAPIView):
    serializer_class = ReportJobSerializer
    pagination_class = CursorPagination
    permission_classes = [SignedInWithRole]
    filterset_class = None
    ordering = ["-created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportJob.objects.none()
        return selectors.report_job_list_for_user(user=self.request.user)

    @extend_schema(summary="List your report jobs", description="Your report jobs, newest first.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Ask for a report",
        description="Ask for a document; it is made in the background. 202 with the job: poll its status, then "
        "download it. An unchanged source reuses a file already made.",
        request=ReportRequestSerializer,
        responses={202: ReportJobSerializer},
    )
    def post(self, request):
        refuse_unknown_parameters(request)
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = {"plan_id": data.validated_data["plan_id"]} if "plan_id" in data.validated_data else {}
        try:
            job = jobs.report_job_request(user=request.user, kind=data.validated_data["kind"], params=params)
        except ActionPlan.DoesNotExist as exc:
            raise Http404 from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"plan_id": exc.messages}) from exc
        except DomainError as exc:
            raise PermissionDenied(exc.message) from exc
        return Response(ReportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": f"/api/v1/reports/{job.uuid}/"})


def _job(request, uuid) -> ReportJob:
    try:
        return selectors.report_job_get_for_user(user=request.user, uuid=uuid)
    except ReportJob.DoesNotExist as exc:
        raise Http404 from exc


@extend_schema(summary="A report job's status")
class ReportJobDetail(generics.RetrieveAPIView):
    serializer_class = ReportJobSerializer
    permission_classes = [SignedInWithRole]

    def get_object(self):
        refuse_unknown_parameters(self.request)
        return _job(self.request, self.kwargs["uuid"])


class BinaryRenderer(ProblemSafeRenderer):
    media_type = "application/octet-stream"
    format = "bin"
    charset = None
    render_style = "binary"


class PdfRenderer(BinaryRenderer):
    media_type = "application/pdf"
    format = "pdf"


class ZipRenderer(BinaryRenderer):
    media_type = "application/zip"
    format = "zip"


class ReportDownload(APIView):
    permission_classes = [SignedInWithRole]
    renderer_classes = [PdfRenderer, ZipRenderer, renderers.JSONRenderer]

    @extend_schema(
        summary="Download a report",
        description="The finished file (PDF or ZIP). 404 while it is being made, after it failed, or when you "
        "may no longer read its source.",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, (200, "application/zip"): OpenApiTypes.BINARY},
    )
    def get(self, request, uuid):
        refuse_unknown_parameters(request)
        job = _job(request, uuid)
        if job.status != ReportJob.Status.READY or not job.file or not jobs.can_still_read(request.user, job):
            raise Http404
        try:
            handle = job.file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        suffix = job.filename[job.filename.rfind("."):]
        return FileResponse(handle, as_attachment=True, filename=job.filename,
                            content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"))


# --- Bulk CSV exports ----------------------------------------------------------------------------

class CsvRenderer(ProblemSafeRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class _Echo:
    def write(self, value):
        return value


CSV_ROWS_PER_CHUNK = 1000


def _csv_chunks(rows):
    """The CSV text in chunks of rows: one write per row would make a streamed export crawl."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    chunk = []
    for row in rows:
        chunk.append(writer.writerow([cell_escape(c) for c in row]))
        if len(chunk) >= CSV_ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _csv_stream(rows, filename: str) -> StreamingHttpResponse:
    body = _csv_chunks(rows)
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class NationalOnly:
    """The national pages' rule (`compliance.view_overview`): national roles only, 403 for force roles."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if not request.user.has_perm("compliance.view_overview"):
            raise PermissionDenied("Only the national team can download the bulk exports.")
        return True


CSV_RESPONSES = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV with a header row.")}


class ApprovedActionsExport(APIView):
    permission_classes = [NationalOnly]
    renderer_classes = [CsvRenderer, renderers.JSONRenderer]

    @extend_schema(summary="Export every approved plan's actions (CSV)", responses=CSV_RESPONSES,
                   description="One row per action of every force's approved plan: "
                   + ", ".join(selectors.APPROVED_ACTIONS_HEADER) + ". National roles only.")
    def get(self, request):
        refuse_unknown_parameters(request)
        return _csv_stream(selectors.approved_action_rows(user=request.user), "approved-actions.csv")


class ApprovedReturnsExport(APIView):
    permission_classes = [NationalOnly]
    renderer_classes = [CsvRenderer, renderers.JSONRenderer]

    @extend_schema(summary="Export every approved return's figures (CSV)", responses=CSV_RESPONSES,
                   description="One row per figure of every approved return: "
                   + ", ".join(selectors.APPROVED_VALUES_HEADER) + ". National roles only.")
    def get(self, request):
        refuse_unknown_parameters(request)
        return _csv_stream(selectors.approved_value_rows(), "approved-returns.csv")


urlpatterns = [
    path("reports/", ReportJobList.as_view(), name="api-reports"),
    path("reports/<uuid:uuid>/", ReportJobDetail.as_view(), name="api-report"),
    path("reports/<uuid:uuid>/download/", ReportDownload.as_view(), name="api-report-download"),
    path("exports/approved-actions.csv", ApprovedActionsExport.as_view(), name="api-export-actions"),
    path("exports/approved-returns.csv", ApprovedReturnsExport.as_view(), name="api-export-returns"),
]
