"""Report settings in effect: private storage outside static and media, S3 when configured, beat entries."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages

from vawg_portal.celery import app

ROOT = Path(__file__).resolve().parents[2]


def test_report_files_are_private_and_outside_static_and_media():
    storage = storages.create_storage(settings.STORAGES["reports"])
    location = Path(storage.location).resolve()
    with pytest.raises(ValueError):
        storage.url("plan_pdf/x/plan.pdf")
    # A STATICFILES_DIRS entry may be a (prefix, path) pair (Redoc from the sidecar package).
    static_dirs = [entry[1] if isinstance(entry, tuple) else entry for entry in settings.STATICFILES_DIRS]
    for public in (settings.STATIC_ROOT, settings.MEDIA_ROOT, *static_dirs):
        assert not location.is_relative_to(Path(public).resolve())
    assert settings.REPORTS_PROTECTIVE_MARKING == "OFFICIAL"
    assert settings.REPORTS_RETENTION_DAYS == 30


def _settings_with(env: dict) -> dict:
    code = ("import json, django; django.setup(); from django.conf import settings;"
            "print(json.dumps(settings.STORAGES['reports'], default=str))")
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "vawg_portal.settings", **env}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_s3_storage_when_a_bucket_is_configured():
    config = _settings_with({"REPORTS_S3_BUCKET": "vawg-reports", "REPORTS_S3_ENDPOINT_URL": "https://s3.example.org"})
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["bucket_name"] == "vawg-reports"
    assert config["OPTIONS"]["default_acl"] == "private" and config["OPTIONS"]["querystring_auth"] is True


def test_beat_runs_the_report_jobs():
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"reports.report_jobs_sweep", "reports.report_jobs_republish", "reports.report_files_expire"} <= tasks


def test_the_report_task_is_acknowledged_late_with_time_limits():
    from reports.tasks import report_job_run

    assert report_job_run.acks_late is True
    assert report_job_run.max_retries == 3
    assert report_job_run.time_limit == settings.REPORTS_TASK_TIME_LIMIT
    assert report_job_run.soft_time_limit < report_job_run.time_limit


def test_a_report_task_ends_before_its_message_would_be_redelivered():
    visibility = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}).get("visibility_timeout", 3600)
    assert visibility > settings.REPORTS_TASK_TIME_LIMIT
    # The sweep gives up on a running job only after a redelivered one would have finished.
    assert visibility + settings.REPORTS_TASK_TIME_LIMIT < settings.REPORTS_RUNNING_LIMIT_MINUTES * 60
