"""
Large CSV imports as Celery jobs: the page stores the file on an ImportJob and a worker runs the
same import service as the page, so the rules are the same whichever door a file comes through.

Progress is the job's status, written in its own committed step before the import starts: the
import is one transaction (all or nothing), so figures are never visible half-written.
"""

import logging

from django.db import transaction
from django.utils import timezone

from common.errors import DomainError

from ..models import ImportJob
from .transfer import returns_import_csv

logger = logging.getLogger(__name__)
MAX_ERRORS_KEPT = 500


@transaction.atomic
def import_job_create(*, user, filename: str, content: bytes, rows: int) -> ImportJob:
    """Store the file and queue its import after commit; return the job."""
    from ..tasks import import_job_run as import_job_run_task

    job = ImportJob(requested_by=user, filename=filename[:200], content=content, rows=rows)
    job.full_clean(exclude=["content"])
    job.save()
    transaction.on_commit(lambda: import_job_run_task.delay(job.pk))
    return job


def import_job_run(*, job: ImportJob) -> ImportJob:
    """
    Run the job's import once (a finished job is left as it is); return the job.

    Marks it running (committed, so the page shows it), imports, then records the summary or the
    row errors. A file that cannot be read at all fails with its message.
    """
    if job.is_finished:
        return job
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    logger.info("performance import job %s started: %s rows", job.pk, job.rows)
    try:
        result = returns_import_csv(content=bytes(job.content), user=job.requested_by)
    except DomainError as exc:
        job.status, job.errors = ImportJob.Status.FAILED, [{"row": None, "column": "", "message": exc.message}]
    else:
        if result.ok:
            job.status, job.summary = ImportJob.Status.DONE, result.summary()
        else:
            job.status = ImportJob.Status.FAILED
            job.errors = [
                {"row": e.row, "column": e.column, "message": e.message} for e in result.errors[:MAX_ERRORS_KEPT]
            ]
            job.summary = f"{len(result.errors)} problems in {result.rows_with_errors} rows; nothing was imported"
    job.finished_at = timezone.now()
    job.content = b""  # the figures are in the returns now, or the force will send a corrected file
    job.save()
    logger.info("performance import job %s %s", job.pk, job.status)
    return job


def import_job_fail(*, job_id: int, message: str) -> None:
    """Mark a job failed after an unexpected error, so its page stops waiting."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportJob.Status.DONE).update(
        status=ImportJob.Status.FAILED,
        finished_at=timezone.now(),
        errors=[{"row": None, "column": "", "message": message}],
    )
