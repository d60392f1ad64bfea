"""
The life of a report job: asked for, published, made by a worker, ready or failed, swept, expired.

- `report_job_request` (web request): validates the parameters, checks the requester may read the
  source, reuses a ready file made from the same data, or creates a queued job and publishes it
  after commit. A broker that is down leaves the job queued (`published_at` empty) and the request
  says so; beat's `report_jobs_republish` sends it when the broker is back.
- `report_job_run` (worker): idempotent. A ready or failed job is left alone; a queued or running
  one (a killed worker's job, redelivered) is made again from scratch, written under a fixed name.
- A ZIP job fans out: each approved plan becomes a part job (a plan PDF, reused when unchanged),
  so several workers make them side by side; the last part to finish sends the ZIP job again to
  assemble the archive.
"""

import hashlib
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_national, is_superuser
from action_plans.models import ActionPlan
from action_plans.selectors import plan_get_for_user
from common.celery_publish import publish
from common.errors import DomainError

from .. import selectors
from ..models import ReportJob
from . import documents

logger = logging.getLogger(__name__)

FAILED_MESSAGE = "Sorry, the report could not be made. Try again, and if it fails again, tell the portal team."
TOO_LONG_MESSAGE = "The report took too long to make and was stopped. Try again later."
PLAN_HIDDEN_MESSAGE = "You can no longer read this plan, so its report was not made."
NATIONAL_ONLY_MESSAGE = "Only the national team can download the national compliance report"
NO_APPROVED_MESSAGE = "There are no approved plans to put in the ZIP yet."
PART_FAILED_MESSAGE = "One or more plans in the ZIP could not be made ({names}). Try again."


class ReportRefused(DomainError):
    """The job cannot be made and trying again will not help (the source is gone or hidden)."""


# Parameters ---------------------------------------------------------------------------------------

def report_params_clean(*, kind: str, params: dict) -> dict:
    """
    The job's parameters, checked and normalised for its kind; ValidationError for anything else.

    plan_pdf: {"plan_id": positive int}. toolkit_pdf, approved_plans_zip and national_compliance_pdf: {}.
    """
    if kind not in ReportJob.Kind.values:
        raise ValidationError("Choose a kind of report", code="kind")
    if not isinstance(params, dict):
        raise ValidationError("The report's details are not valid", code="params")
    if kind == ReportJob.Kind.PLAN_PDF:
        plan_id = params.get("plan_id")
        if set(params) != {"plan_id"} or isinstance(plan_id, bool) or not isinstance(plan_id, int) or plan_id < 1:
            raise ValidationError("Choose a plan", code="plan_id")
        return {"plan_id": plan_id}
    if params:
        raise ValidationError("This report takes no details", code="params")
    return {}


def can_request_all_plans(user: User) -> bool:
    """Only the national team makes the ZIP of every approved plan."""
    return bool(user.is_authenticated and (is_national(user) or is_superuser(user)))


def can_request_national_compliance(user: User | None) -> bool:
    """The national compliance report is for whoever may see the compliance overview."""
    return bool(user is not None and user.is_authenticated and user.has_perm("compliance.view_overview"))


def can_still_read(user: User, job: ReportJob) -> bool:
    """Check the source again at download time (pages and API alike): the plan may have been hidden since."""
    if job.kind == ReportJob.Kind.PLAN_PDF:
        try:
            plan_get_for_user(user=user, pk=job.params["plan_id"])
        except ActionPlan.DoesNotExist:
            return False
    if job.kind == ReportJob.Kind.APPROVED_PLANS_ZIP:
        return can_request_all_plans(user)
    if job.kind == ReportJob.Kind.NATIONAL_COMPLIANCE_PDF:
        return can_request_national_compliance(user)
    return True


def _national_snapshot() -> dict:
    # Imported here: compliance reads action plans and performance, which reports need not load.
    from compliance.report import national_snapshot

    return national_snapshot()


# Asking for a report ------------------------------------------------------------------------------

def _source(*, user: User | None, kind: str, params: dict) -> tuple[str, str]:
    """(title, fingerprint) of what the job would make, after checking the user may read it."""
    if kind == ReportJob.Kind.PLAN_PDF:
        # Raises ActionPlan.DoesNotExist for a plan the user may not know exists.
        snapshot = selectors.plan_snapshot(user=user, plan_id=params["plan_id"])
        plan = snapshot["plan"]
        return f"{plan['force']} action plan, revision {plan['revision']} (PDF)", selectors.fingerprint_of(snapshot)
    if kind == ReportJob.Kind.TOOLKIT_PDF:
        return "The misogyny toolkit (PDF)", selectors.fingerprint_of(selectors.toolkit_snapshot())
    if kind == ReportJob.Kind.NATIONAL_COMPLIANCE_PDF:
        if not can_request_national_compliance(user):
            raise DomainError(NATIONAL_ONLY_MESSAGE)
        return "National compliance report (PDF)", selectors.fingerprint_of(_national_snapshot())
    if not can_request_all_plans(user):
        raise DomainError("Only the national team can download every approved plan")
    return "Every approved plan (ZIP)", selectors.approved_plans_fingerprint(user=user)


@transaction.atomic
def report_job_request(*, user: User | None, kind: str, params: dict) -> ReportJob:
    """
    The job that answers the request: a reused ready one, one already under way, or a new one.

    A ready job made from identical data is reused (for another person, as their own row pointing
    at the same file). A new job is published after commit. Raises ValidationError for bad
    parameters, ActionPlan.DoesNotExist for a plan the user may not read, DomainError when the
    user may not ask for this kind.
    """
    params = report_params_clean(kind=kind, params=params)
    signed_in = user is not None and user.is_authenticated
    title, fingerprint = _source(user=user if signed_in else None, kind=kind, params=params)
    # A second click (or, for the public toolkit, a second visitor) while the job is under way
    # gets the same job rather than a second render.
    in_flight = ReportJob.objects.filter(
        requested_by=user if signed_in else None, kind=kind, params=params, fingerprint=fingerprint,
        status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING], parent__isnull=True,
    ).order_by("-created_at").first()
    if in_flight is not None:
        return in_flight
    ready = selectors.report_job_reusable(kind=kind, fingerprint=fingerprint, params=params)
    if ready is not None and (not signed_in or ready.requested_by_id == user.pk):
        return ready
    force = user.force if signed_in else None
    job = ReportJob(kind=kind, params=params, title=title, fingerprint=fingerprint,
                    requested_by=user if signed_in else None, force=force)
    if ready is not None:
        now = timezone.now()
        job.status, job.progress, job.started_at, job.finished_at = ReportJob.Status.READY, 100, now, now
        job.file, job.filename, job.size, job.sha256, job.pages = (
            ready.file.name, ready.filename, ready.size, ready.sha256, ready.pages)
        job.full_clean()
        job.save()
        return job
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: report_job_publish(job_id=job.pk))
    return job


def report_job_retry(*, job: ReportJob, user: User) -> ReportJob:
    """"Try again" after a failure (or for a file deleted after the retention period): a fresh request."""
    return report_job_request(user=user, kind=job.kind, params=job.params)


def report_job_publish(*, job_id: int) -> bool:
    """
    Send the job to a worker; True when the broker took it. Never raises for a broker problem.

    With no broker (eager mode) the job is made here and now. The task id is kept for operations.
    """
    from ..tasks import report_job_run as report_job_run_task

    job = ReportJob.objects.filter(pk=job_id).only("pk", "celery_task_id").first()
    if job is None:
        return False
    task_id = job.celery_task_id or str(uuid.uuid4())
    ReportJob.objects.filter(pk=job_id).update(celery_task_id=task_id)
    sent = publish(report_job_run_task, kwargs={"job_id": job_id}, task_id=task_id)
    if sent:
        ReportJob.objects.filter(pk=job_id).update(published_at=timezone.now())
    return sent


# Making a report (worker) -------------------------------------------------------------------------

def _claim(job_id: int) -> ReportJob | None:
    """Mark the job running and return it, or None when it is already finished (or gone)."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        job.status, job.started_at, job.error_message = ReportJob.Status.RUNNING, timezone.now(), ""
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "error_message", "attempts"])
    return job


def _store(job: ReportJob, *, filename: str, content: bytes, pages: int | None, fingerprint: str) -> None:
    """Write the file under a fixed name (a rerun overwrites it) and mark the job ready."""
    name = f"{job.kind}/{job.uuid}/{filename}"
    storage = job.file.storage
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(content))
    _ready(job, name=stored, filename=filename, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
           pages=pages, fingerprint=fingerprint)


def _ready(job: ReportJob, *, name: str, filename: str, size: int, sha256: str, pages: int | None,
           fingerprint: str) -> None:
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.READY, progress=100, finished_at=timezone.now(), error_message="", file=name,
        filename=filename, size=size, sha256=sha256, pages=pages, fingerprint=fingerprint,
    )


def _plan_pdf_make(job: ReportJob) -> None:
    try:
        snapshot = selectors.plan_snapshot(user=job.requested_by, plan_id=job.params["plan_id"])
    except ActionPlan.DoesNotExist as exc:
        raise ReportRefused(PLAN_HIDDEN_MESSAGE) from exc
    fingerprint = selectors.fingerprint_of(snapshot)
    filename = selectors.plan_filename(snapshot["plan"])
    # Made already from the same data (by anyone who could read it): point at that file.
    ready = selectors.report_job_reusable(kind=job.kind, fingerprint=fingerprint, params=job.params)
    if ready is not None and ready.pk != job.pk:
        _ready(job, name=ready.file.name, filename=ready.filename, size=ready.size, sha256=ready.sha256,
               pages=ready.pages, fingerprint=fingerprint)
        return
    ReportJob.objects.filter(pk=job.pk).update(progress=20)
    rendered = documents.plan_pdf(snapshot)
    _store(job, filename=filename, content=rendered.content, pages=rendered.pages, fingerprint=fingerprint)


def _toolkit_pdf_make(job: ReportJob) -> None:
    snapshot = selectors.toolkit_snapshot()
    ReportJob.objects.filter(pk=job.pk).update(progress=20)
    rendered = documents.toolkit_pdf(snapshot)
    _store(job, filename="vawg-misogyny-toolkit.pdf", content=rendered.content, pages=rendered.pages,
           fingerprint=selectors.fingerprint_of(snapshot))


def _national_compliance_make(job: ReportJob) -> None:
    # The requester may have lost the national role since asking.
    if not can_request_national_compliance(job.requested_by):
        raise ReportRefused(NATIONAL_ONLY_MESSAGE)
    snapshot = _national_snapshot()
    ReportJob.objects.filter(pk=job.pk).update(progress=20)
    rendered = documents.national_compliance_pdf(snapshot)
    _store(job, filename=f"vawg-national-compliance-{timezone.localdate():%Y-%m-%d}.pdf",
           content=rendered.content, pages=rendered.pages, fingerprint=selectors.fingerprint_of(snapshot))


def _zip_make(job: ReportJob) -> None:
    """First run: create and send one part per approved plan. Later runs: assemble once all are ready."""
    if not job.parts.exists():
        plans = selectors.approved_plan_list(user=job.requested_by)
        if not plans:
            raise ReportRefused(NO_APPROVED_MESSAGE)
        parts = ReportJob.objects.bulk_create([
            ReportJob(kind=ReportJob.Kind.PLAN_PDF, params={"plan_id": plan.pk}, parent=job,
                      title=f"{plan.force.name} action plan, revision {plan.revision} (PDF)",
                      requested_by=job.requested_by, force=job.force)
            for plan in plans
        ])
        for part in parts:
            transaction.on_commit(lambda part_id=part.pk: report_job_publish(job_id=part_id))
        return
    with transaction.atomic():
        # Lock the ZIP job while assembling, so two last parts finishing together assemble once.
        locked = ReportJob.objects.select_for_update().get(pk=job.pk)
        if locked.is_finished:
            return
        parts = list(job.parts.order_by("title", "pk"))
        failed = [p for p in parts if p.status == ReportJob.Status.FAILED]
        if failed:
            names = ", ".join(p.title.removesuffix(" (PDF)") for p in failed[:3])
            raise ReportRefused(PART_FAILED_MESSAGE.format(names=names + (" and others" if len(failed) > 3 else "")))
        done = sum(1 for p in parts if p.status == ReportJob.Status.READY)
        if done < len(parts):
            ReportJob.objects.filter(pk=job.pk).update(progress=min(95, 100 * done // len(parts)))
            return
        files, seen = [], set()
        for part in parts:
            name = part.filename
            if name in seen:  # two approved plans of one force (two rounds): keep both
                name = name.replace(".pdf", f"-{part.params['plan_id']}.pdf")
            seen.add(name)
            with part.file.open("rb") as fh:
                files.append((name, fh.read()))
        content = documents.zip_of(files)
        _store(job, filename=f"vawg-approved-plans-{timezone.localdate():%Y-%m-%d}.zip", content=content,
               pages=None, fingerprint=job.fingerprint)


MAKERS = {
    ReportJob.Kind.PLAN_PDF: _plan_pdf_make,
    ReportJob.Kind.TOOLKIT_PDF: _toolkit_pdf_make,
    ReportJob.Kind.APPROVED_PLANS_ZIP: _zip_make,
    ReportJob.Kind.NATIONAL_COMPLIANCE_PDF: _national_compliance_make,
}


def report_job_run(*, job_id: int) -> None:
    """
    Make the job's document (the worker's side). Idempotent: a finished job is left alone.

    Raises ReportRefused when the job can never be made; any other exception is for the task to
    retry. A part of a ZIP job, once finished, sends its ZIP job on to assemble.
    """
    job = _claim(job_id)
    if job is None:
        return
    MAKERS[job.kind](job)
    if job.parent_id:
        _parent_continue(job.parent_id)


def _parent_continue(parent_id: int) -> None:
    """Update the ZIP job's progress; when every part is finished, send the ZIP job to assemble."""
    parts = ReportJob.objects.filter(parent_id=parent_id)
    total = parts.count()
    finished = parts.filter(status__in=[ReportJob.Status.READY, ReportJob.Status.FAILED]).count()
    ReportJob.objects.filter(pk=parent_id, status=ReportJob.Status.RUNNING).update(
        progress=min(95, 100 * finished // max(total, 1)))
    if finished == total:
        transaction.on_commit(lambda: report_job_publish(job_id=parent_id))


def report_job_requeue(*, job_id: int, attempt: int) -> None:
    """Before a retry: the job is queued again, and says so."""
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
        status=ReportJob.Status.QUEUED, published_at=timezone.now(),
        error_message=f"Something went wrong; trying again (attempt {attempt + 1}).",
    )


def report_job_fail(*, job_id: int, message: str) -> None:
    """Mark the job failed with a message for people; a ZIP job hears about its failed part."""
    updated = ReportJob.objects.filter(pk=job_id).exclude(status=ReportJob.Status.READY).update(
        status=ReportJob.Status.FAILED, error_message=message[:300], finished_at=timezone.now(),
    )
    parent_id = ReportJob.objects.filter(pk=job_id).values_list("parent_id", flat=True).first()
    if updated and parent_id:
        _parent_continue(parent_id)


# Beat ---------------------------------------------------------------------------------------------

def report_jobs_sweep(*, now=None) -> int:
    """Mark failed every job still running past REPORTS_RUNNING_LIMIT_MINUTES; return how many."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=settings.REPORTS_RUNNING_LIMIT_MINUTES)
    stuck = list(ReportJob.objects.filter(status=ReportJob.Status.RUNNING, started_at__lt=limit)
                 .values_list("pk", flat=True))
    for job_id in stuck:
        logger.warning("Report job %s ran past the limit and is marked failed", job_id)
        report_job_fail(job_id=job_id, message=TOO_LONG_MESSAGE)
    return len(stuck)


def report_jobs_republish(*, now=None) -> int:
    """
    Send again each queued job the broker never took, or took long ago without it starting.

    Returns how many the broker took. Stops at the first refusal: the broker is still down.
    """
    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.REPORTS_REPUBLISH_AFTER_MINUTES)
    queued = ReportJob.objects.filter(status=ReportJob.Status.QUEUED).filter(
        Q(published_at__isnull=True) | Q(published_at__lt=stale)
    ).order_by("created_at").values_list("pk", flat=True)
    sent = 0
    for job_id in list(queued[:200]):
        if not report_job_publish(job_id=job_id):
            break
        sent += 1
    return sent


def report_files_expire(*, now=None) -> int:
    """
    Delete jobs older than REPORTS_RETENTION_DAYS with their files; return how many jobs went.

    A file still named by a younger job (a reuse) is kept.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REPORTS_RETENTION_DAYS)
    old = ReportJob.objects.filter(created_at__lt=cutoff, parent__isnull=True)
    old_ids = list(old.values_list("pk", flat=True))
    names = set(
        ReportJob.objects.filter(Q(pk__in=old_ids) | Q(parent_id__in=old_ids)).exclude(file="")
        .values_list("file", flat=True)
    )
    ReportJob.objects.filter(pk__in=old_ids).delete()
    still_used = set(ReportJob.objects.filter(file__in=names).values_list("file", flat=True))
    storage = ReportJob._meta.get_field("file").storage
    for name in names - still_used:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete expired report file %s", name, exc_info=True)
    return len(old_ids)
