"""
Celery tasks for reports: thin doors that take ids and call one service.

`report_job_run` is acknowledged late (a worker killed mid-job leaves the message to be
redelivered, and the service makes the job again from scratch), retried with back-off at most
three times, and on its final failure marks the job failed with a message for people.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from .services import jobs
from .services.jobs import ReportRefused

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


def retry_countdown(retries: int) -> int:
    """Seconds before retry number `retries + 1`: 15, 30, 60."""
    return 15 * 2**retries


@shared_task(
    bind=True, name="reports.report_job_run", acks_late=True, reject_on_worker_lost=True,
    max_retries=MAX_RETRIES, ignore_result=True,
    time_limit=settings.REPORTS_TASK_TIME_LIMIT, soft_time_limit=settings.REPORTS_TASK_SOFT_TIME_LIMIT,
)
def report_job_run(self, *, job_id: int) -> None:
    try:
        jobs.report_job_run(job_id=job_id)
    except ReportRefused as refusal:
        jobs.report_job_fail(job_id=job_id, message=refusal.message)
    except SoftTimeLimitExceeded:
        jobs.report_job_fail(job_id=job_id, message=jobs.TOO_LONG_MESSAGE)
    except Exception as exc:
        if self.request.retries >= MAX_RETRIES:
            logger.exception("Report job %s failed after %s retries", job_id, self.request.retries)
            jobs.report_job_fail(job_id=job_id, message=jobs.FAILED_MESSAGE)
            return
        logger.warning("Report job %s failed (attempt %s); retrying", job_id, self.request.retries + 1,
                       exc_info=True)
        jobs.report_job_requeue(job_id=job_id, attempt=self.request.retries + 1)
        if self.request.is_eager:
            # No broker (`make run`): try again here and now. Celery's own eager retry would raise
            # out of the web request, as CELERY_TASK_EAGER_PROPAGATES is on.
            self.apply(kwargs={"job_id": job_id}, retries=self.request.retries + 1)
            return
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


@shared_task(name="reports.report_jobs_sweep", ignore_result=True, time_limit=120, soft_time_limit=100)
def report_jobs_sweep() -> int:
    return jobs.report_jobs_sweep()


@shared_task(name="reports.report_jobs_republish", ignore_result=True, time_limit=120, soft_time_limit=100)
def report_jobs_republish() -> int:
    return jobs.report_jobs_republish()


@shared_task(name="reports.report_files_expire", ignore_result=True, time_limit=300, soft_time_limit=270)
def report_files_expire() -> int:
    return jobs.report_files_expire()
