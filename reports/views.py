"""
Pages for report jobs: ask for a document (POST), watch its status, download it, list your own.

Refusals keep the portal's shape: a job or plan the user may not know exists is a 404; a kind
they may not ask for is a 403. Asking never answers 500 when the broker is down: the job stays
queued and the page says the report service is unavailable.
"""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from action_plans.models import ActionPlan
from common.errors import DomainError

from . import selectors
from .models import ReportJob
from .services import jobs

PAGE_SIZE = 20
UNAVAILABLE = "The report service is unavailable just now; your report will be made when it is back."
CONTENT_TYPES = {".pdf": "application/pdf", ".zip": "application/zip"}


def _get_job(request, uuid) -> ReportJob:
    try:
        return selectors.report_job_get_for_user(user=request.user, uuid=uuid)
    except ReportJob.DoesNotExist as exc:
        raise Http404("No report found") from exc


def _request(request, *, kind: str, params: dict):
    try:
        job = jobs.report_job_request(user=request.user, kind=kind, params=params)
    except (ActionPlan.DoesNotExist, ValidationError) as exc:
        raise Http404("No such report") from exc
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    # When the broker is down the status page says so for as long as the job waits (UNAVAILABLE).
    return redirect("reports:job-status", uuid=job.uuid)


@login_required
@require_POST
def plan_pdf_request(request, plan_pk: int):
    """"Download as PDF" on the plan page."""
    return _request(request, kind=ReportJob.Kind.PLAN_PDF, params={"plan_id": plan_pk})


@require_POST
def toolkit_pdf_request(request):
    """The toolkit in print: public, like the toolkit."""
    return _request(request, kind=ReportJob.Kind.TOOLKIT_PDF, params={})


@login_required
@require_POST
def approved_plans_zip_request(request):
    if not jobs.can_request_all_plans(request.user):
        raise PermissionDenied
    return _request(request, kind=ReportJob.Kind.APPROVED_PLANS_ZIP, params={})


@login_required
@require_POST
def national_compliance_pdf_request(request):
    """"Download as PDF" on the compliance overview: national roles only, like the page."""
    if not jobs.can_request_national_compliance(request.user):
        raise PermissionDenied
    return _request(request, kind=ReportJob.Kind.NATIONAL_COMPLIANCE_PDF, params={})


def _state_key(job: ReportJob) -> str:
    return f"{job.status}-{job.progress}-{int(job.published_at is not None)}"


@require_GET
def job_status(request, uuid):
    """The job's progress; htmx polls the status panel, and a plain link refreshes without JavaScript."""
    try:
        job = selectors.report_job_get_for_user(user=request.user, uuid=uuid)
    except ReportJob.DoesNotExist as exc:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("No report found") from exc
    can_retry = request.user.is_authenticated and job.requested_by_id == request.user.pk
    context = {"job": job, "unavailable": UNAVAILABLE, "page_title": job.title, "can_retry": can_retry,
               "seen": _state_key(job)}
    if request.htmx:
        # Nothing new since the last poll: 204 tells htmx to leave the panel (and screen readers) alone.
        if request.GET.get("seen") == _state_key(job):
            response = HttpResponse(status=204)
        else:
            response = render(request, "reports/includes/job_status_panel.html", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    back = [("Home", reverse("home"))]
    if request.user.is_authenticated:
        back.append(("Your reports", reverse("reports:list")))
    return render(request, "reports/job_status.html", {**context, "breadcrumbs": [*back, (job.title, None)]})


@require_GET
def job_download(request, uuid):
    job = _get_job(request, uuid)
    if job.status != ReportJob.Status.READY or not job.file or not jobs.can_still_read(request.user, job):
        raise Http404("No file to download")
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The file is no longer stored") from exc
    suffix = job.filename[job.filename.rfind("."):]
    response = FileResponse(handle, as_attachment=True, filename=job.filename,
                            content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def job_retry(request, uuid):
    """"Try again" after a failure: a fresh job with the same details."""
    job = _get_job(request, uuid)
    if job.requested_by_id != request.user.pk:
        raise Http404("No report found")
    try:
        fresh = jobs.report_job_retry(job=job, user=request.user)
    except (ActionPlan.DoesNotExist, ValidationError) as exc:
        raise Http404("No such report") from exc
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    return redirect("reports:job-status", uuid=fresh.uuid)


@login_required
@require_GET
def job_list(request):
    """"Your reports": the user's jobs, newest first, twenty a page."""
    page = Paginator(selectors.report_job_list_for_user(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "reports/job_list.html", {
        "page_title": "Your reports",
        "page": page,
        "can_zip": jobs.can_request_all_plans(request.user),
        "breadcrumbs": [("Home", reverse("home")), ("Your reports", None)],
    })
