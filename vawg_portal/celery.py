"""The Celery application. Configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery
from celery.schedules import crontab  # noqa: F401  (used by beat entries as they arrive)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg_portal.settings")

app = Celery("vawg_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat schedule: every periodic job, in one place, with a comment on each entry.
app.conf.beat_schedule = {}
