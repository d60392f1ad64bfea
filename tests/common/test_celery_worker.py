"""
A real Celery worker. In CI (REDIS_URL set) it talks to the machine's Redis; elsewhere it uses
Celery's in-memory transport so the same test still runs a worker thread. VAWG_REQUIRE_SERVICES=1
without REDIS_URL is an error: CI must never quietly fall back.

There is no result backend (no caller reads a result), so the tests wait on the database.
"""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from notifications.models import OutboxEmail, WorkerHeartbeat
from notifications.services import email_enqueue
from notifications.tasks import heartbeat
from tests.conftest import REQUIRE_SERVICES
from tests.notifications.processes import wait_until
from vawg_portal.celery import app

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def celery_worker(settings, transactional_db):
    if REQUIRE_SERVICES and not REDIS_URL:
        pytest.fail("VAWG_REQUIRE_SERVICES=1 but REDIS_URL is not set")
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL or "memory://", task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(saved)


def test_a_real_worker_sends_an_outbox_email(celery_worker):
    email = email_enqueue(key="worker-check", to="someone@example.com", subject="Worker check", body="By a worker.")
    assert wait_until(lambda: OutboxEmail.objects.filter(pk=email.pk, status="sent").exists(), timeout=20)
    assert [m.subject for m in mail.outbox] == ["Worker check"]


def test_a_real_worker_records_its_heartbeat(celery_worker):
    heartbeat.delay()
    assert wait_until(WorkerHeartbeat.objects.exists, timeout=20)
