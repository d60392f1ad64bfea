"""
/healthz (the load balancer's: is this web process able to serve?) and /healthz/ready (monitoring:
is every dependency up?). The fault cases run against real processes: a private redis-server that
the test stops, and no worker at all.
"""

import datetime
import time
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from notifications.models import OutboxEmail, WorkerHeartbeat
from tests.notifications.processes import private_redis  # noqa: F401 - a fixture
from vawg_portal.celery import app


@pytest.fixture
def real_broker(private_redis, settings):  # noqa: F811
    """The portal's broker is a private Redis the test may stop."""
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=private_redis.url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield private_redis
    app.conf.update(saved)


def _worker_seen(seconds_ago: int = 5) -> WorkerHeartbeat:
    return WorkerHeartbeat.objects.create(
        hostname="celery@worker-1", seen_at=timezone.now() - datetime.timedelta(seconds=seconds_ago)
    )


def _ready(client):
    # The probes have short timeouts; this bounds how long the check may take, it is not a speed test.
    started = time.monotonic()
    response = client.get("/healthz/ready")
    return response, time.monotonic() - started


# /healthz ----------------------------------------------------------------------------------------

def test_it_reports_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_503_when_the_database_is_down(client, db):
    with mock.patch("common.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_it_does_not_probe_the_broker(client, db, settings):
    # A broker outage must not take the web tier out of the load balancer.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("common.views.current_app.connection_for_write", side_effect=AssertionError("probed")):
        assert client.get("/healthz").status_code == 200


def test_it_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405
    assert client.post("/healthz/ready").status_code == 405


def test_it_is_not_redirected_to_https_in_production(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz(/|$)"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz/ready").status_code in (200, 503)
    assert client.get("/accounts/login/").status_code == 301


# /healthz/ready ----------------------------------------------------------------------------------

def test_ready_is_200_when_all_is_well(client, db, real_broker):
    _worker_seen()
    response, _ = _ready(client)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("ok", "ok", "ok")
    assert body["workers"]["ok"] is True and body["workers"]["seen"] == ["celery@worker-1"]
    assert body["outbox"] == {"ok": True, "backlog": 0, "oldest_pending_seconds": 0, "failed": 0}


def test_ready_is_503_within_a_second_when_redis_is_stopped(client, db, real_broker):
    _worker_seen()
    real_broker.stop()
    response, took = _ready(client)
    assert response.status_code == 503
    assert (response.json()["status"], response.json()["broker"]) == ("down", "down")
    assert took < 1


def test_ready_is_503_when_no_worker_has_been_seen_for_two_minutes(client, db, real_broker):
    _worker_seen(seconds_ago=150)
    response, took = _ready(client)
    assert response.status_code == 503
    assert response.json()["workers"]["ok"] is False
    assert response.json()["workers"]["last_heartbeat_seconds_ago"] >= 150
    assert took < 1


def test_ready_is_503_with_no_worker_ever(client, db, real_broker):
    response, _ = _ready(client)
    assert response.status_code == 503
    assert response.json()["workers"] == {"ok": False, "seen": [], "last_heartbeat_seconds_ago": None}


def test_ready_reports_the_outbox_backlog_and_fails_when_it_is_stale(client, db, real_broker):
    _worker_seen()
    old = timezone.now() - datetime.timedelta(minutes=30)
    OutboxEmail.objects.create(key="a", to="a@example.com", subject="A", body=".", created_at=old)
    OutboxEmail.objects.create(key="b", to="b@example.com", subject="B", body=".")
    response, _ = _ready(client)
    assert response.status_code == 503
    outbox = response.json()["outbox"]
    assert (outbox["ok"], outbox["backlog"]) == (False, 2)
    assert outbox["oldest_pending_seconds"] >= 30 * 60


def test_ready_in_development_needs_no_broker_or_worker(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert (response.json()["broker"], response.json()["workers"]["ok"]) == ("eager", True)


def test_ready_is_503_when_the_database_is_down(client, db):
    with mock.patch("common.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
