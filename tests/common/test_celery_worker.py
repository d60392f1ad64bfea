"""
A real Celery worker. In CI (REDIS_URL set) it talks to the machine's Redis; elsewhere it uses
Celery's in-memory transport so the same test still runs a worker thread. VAWG_REQUIRE_SERVICES=1
without REDIS_URL is an error: CI must never quietly fall back.
"""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from accounts.tasks import email_send
from tests.conftest import REQUIRE_SERVICES
from vawg_portal.celery import app

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def celery_worker(settings):
    if REQUIRE_SERVICES and not REDIS_URL:
        pytest.fail("VAWG_REQUIRE_SERVICES=1 but REDIS_URL is not set")
    broker, backend = (REDIS_URL, REDIS_URL) if REDIS_URL else ("memory://", "cache+memory://")
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=broker, result_backend=backend, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(saved)


def test_a_real_worker_sends_email(celery_worker):
    result = email_send.delay(subject="Worker check", body="Sent by a worker.", to=["someone@example.com"])
    result.get(timeout=20)
    assert [m.subject for m in mail.outbox] == ["Worker check"]


def test_the_health_check_sees_the_broker(celery_worker, client, db):
    response = client.get("/healthz")
    assert response.json()["broker"] == "ok"
