"""The Celery application. Configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg_portal.settings")

app = Celery("vawg_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat schedule: every periodic job, in one place, with a comment on each entry.
app.conf.beat_schedule = {
    # Plan reminders: due in 30/7/1 days, weekly overdue notices, quarterly progress updates.
    # 06:00 in CELERY_TIMEZONE (Europe/London), so they are waiting when people start work;
    # the service is idempotent, so a rerun or a late run sends nothing twice.
    "action-plans-reminders-daily": {
        "task": "action_plans.reminders_send",
        "schedule": crontab(hour=6, minute=0),
    },
    # The email outbox: hand out again what is still pending (Redis was down at commit, or a worker
    # died mid-send). Every minute; a run finds nothing to do most of the time.
    "notifications-outbox-flush": {
        "task": "notifications.outbox_flush",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Proof of life for /healthz/ready: a worker runs this every 30 s and stamps its name and time.
    "notifications-heartbeat": {
        "task": "notifications.heartbeat",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    # Reports: a job left running past REPORTS_RUNNING_LIMIT_MINUTES (its worker died and the
    # message was not redelivered in time) is marked failed, so nobody waits on it for ever.
    "reports-jobs-sweep": {
        "task": "reports.report_jobs_sweep",
        "schedule": crontab(minute="*/5"),
    },
    # Reports: jobs made while the broker was down (still queued, never published) are sent again.
    "reports-jobs-republish": {
        "task": "reports.report_jobs_republish",
        "schedule": crontab(minute="*"),
    },
    # API: the answers kept for Idempotency-Keys are forgotten after a day, hourly.
    "accounts-idempotency-keys-expire": {
        "task": "accounts.idempotency_keys_expire",
        "schedule": crontab(minute=17),
    },
    # Reports: jobs and files older than REPORTS_RETENTION_DAYS are deleted, nightly at 02:30.
    "reports-files-expire": {
        "task": "reports.report_files_expire",
        "schedule": crontab(hour=2, minute=30),
    },
}
