"""Celery tasks for performance: thin doors onto performance.services.jobs."""

from celery import shared_task

from .models import ImportJob
from .services.jobs import import_job_fail
from .services.jobs import import_job_run as import_job_run_service


@shared_task(name="performance.import_job_run")
def import_job_run(job_id: int) -> None:
    """Run one CSV import job (idempotent: a finished job is left as it is)."""
    job = ImportJob.objects.filter(pk=job_id).select_related("requested_by").first()
    if job is None:
        return
    try:
        import_job_run_service(job=job)
    except Exception:
        import_job_fail(job_id=job_id, message="The import stopped unexpectedly. Nothing was imported: try again.")
        raise
