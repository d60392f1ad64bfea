"""
Report jobs through real Celery workers on Redis, as in production.

- A worker thread (celery.contrib.testing) makes a plan PDF end to end from a web request's job.
- A worker process is SIGKILLed in the middle of a job; the job, acknowledged late, is
  redelivered and completed by a new worker process.

With VAWG_REQUIRE_SERVICES=1 a missing REDIS_URL (or a database other than PostgreSQL for the
worker process, which must share the test database) is an error, never a skip.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from reports.models import ReportJob
from reports.services import jobs
from tests.conftest import REQUIRE_SERVICES
from vawg_portal.celery import app

REDIS_URL = os.environ.get("REDIS_URL", "")
ROOT = Path(__file__).resolve().parents[2]

# Runs a worker process; with SLOW_RENDER set, making a PDF first sleeps, so the test can kill it
# mid-job. A short visibility timeout lets the next worker take back the unacknowledged message.
WORKER_SCRIPT = """
import os, sys, time
import django
django.setup()
from reports.services import documents
if os.environ.get("SLOW_RENDER"):
    real = documents.plan_pdf
    def slow(snapshot):
        time.sleep(120)
        return real(snapshot)
    documents.plan_pdf = slow
from vawg_portal.celery import app
app.conf.broker_transport_options = {"visibility_timeout": 3, "unacked_restore_interval": 1,
                                     "unacked_restore_throttle": 1}
app.worker_main(["worker", "--pool=solo", "-n", sys.argv[1], "--loglevel=WARNING", "--without-gossip",
                 "--without-mingle", "--without-heartbeat"])
"""


def _need_redis():
    if not REDIS_URL:
        if REQUIRE_SERVICES:
            pytest.fail("VAWG_REQUIRE_SERVICES=1 but REDIS_URL is not set")
        pytest.skip("needs Redis: set REDIS_URL")


def _wait_for(job: ReportJob, statuses: set[str], timeout: float = 90) -> ReportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.25)
    raise AssertionError(f"job stayed {job.status} (wanted {statuses})")


@pytest.fixture
def worker_thread(transactional_db):
    _need_redis()
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as running:
        yield running


def test_a_real_worker_makes_a_plan_pdf(worker_thread, plan_a, planner_a_user, reports_storage):
    job = jobs.report_job_request(user=planner_a_user, kind="plan_pdf", params={"plan_id": plan_a.pk})
    job.refresh_from_db()
    assert job.published_at is not None  # autocommit: on_commit ran at once and the broker took it
    job = _wait_for(job, {ReportJob.Status.READY, ReportJob.Status.FAILED})
    assert job.status == ReportJob.Status.READY, job.error_message
    assert (reports_storage / job.file.name).read_bytes().startswith(b"%PDF-")


def _worker_env(storage_root: Path) -> dict:
    settings_dict = connection.settings_dict
    if connection.vendor != "postgresql":
        if REQUIRE_SERVICES:
            pytest.fail("the worker-process test needs PostgreSQL (DATABASE_URL)")
        pytest.skip("the worker-process test needs PostgreSQL to share the test database")
    url = (f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST'] or '127.0.0.1'}:"
           f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=url, REDIS_URL=REDIS_URL, REPORTS_ROOT=str(storage_root),
               DJANGO_SETTINGS_MODULE="vawg_portal.settings", CONN_MAX_AGE="0")
    return env


def _start_worker(env: dict, name: str, *, slow: bool) -> subprocess.Popen:
    env = {**env, "SLOW_RENDER": "1"} if slow else env
    return subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT, name], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_a_killed_workers_job_completes_when_a_new_worker_starts(transactional_db, plan_a, planner_a_user,
                                                                 reports_storage):
    _need_redis()
    env = _worker_env(reports_storage)
    app.conf.task_always_eager = False
    first = _start_worker(env, f"doomed-{os.getpid()}@localhost", slow=True)
    second = None
    try:
        job = jobs.report_job_request(user=planner_a_user, kind="plan_pdf", params={"plan_id": plan_a.pk})
        job = _wait_for(job, {ReportJob.Status.RUNNING}, timeout=60)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        job.refresh_from_db()
        assert job.status == ReportJob.Status.RUNNING and job.attempts == 1

        second = _start_worker(env, f"rescuer-{os.getpid()}@localhost", slow=False)
        job = _wait_for(job, {ReportJob.Status.READY, ReportJob.Status.FAILED}, timeout=90)
        assert job.status == ReportJob.Status.READY, job.error_message
        assert job.attempts == 2
        assert (reports_storage / job.file.name).read_bytes().startswith(b"%PDF-")
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
