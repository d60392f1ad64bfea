"""
The reminders task through a real Celery worker (a thread), not eagerly.

With REDIS_URL set (CI), the worker goes through Redis, as in production. Without it, the
settings' own fallback is used, the in-memory broker `memory://`, so the test still runs a real
worker consuming a real queue. There is no result backend: the test waits on the database.
With VAWG_REQUIRE_SERVICES=1 a missing REDIS_URL is an error, never a silent downgrade.
"""

import datetime
import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from action_plans.tasks import reminders_send
from notifications.models import Notification, WorkerHeartbeat
from notifications.tasks import heartbeat
from tests.conftest import REQUIRE_SERVICES
from tests.notifications.processes import wait_until
from vawg_portal.celery import app

from .factories import ActionPlanFactory, PlanningRoundFactory, build_framework

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def worker(transactional_db):
    """A solo-pool worker thread on the configured broker; tasks are queued, not run in-process."""
    if REQUIRE_SERVICES and not REDIS_URL:
        pytest.fail("VAWG_REQUIRE_SERVICES=1 but REDIS_URL is not set: the worker test needs Redis")
    assert app.conf.broker_url == (REDIS_URL or "memory://")
    assert app.conf.result_backend is None
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as running:
        yield running


def test_a_real_worker_runs_the_reminders_task(worker, force_a, planner_a_user, chief_a_user, coordinator_user):
    # A round due in 7 days from the worker's today, with Force A's draft plan in it.
    round_ = PlanningRoundFactory(
        framework=build_framework(pillars=1), opened_by=coordinator_user,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    round_.forces.set([force_a])
    ActionPlanFactory(force=force_a, round=round_)

    reminders_send.delay()
    assert wait_until(lambda: Notification.objects.count() == 2, timeout=30)
    assert sorted(Notification.objects.values_list("user__email", "kind")) == [
        ("chief.a@example.com", "due_reminder"),
        ("planner.a@example.com", "due_reminder"),
    ]
    # Run again through the worker: idempotent, nothing new. A heartbeat queued behind it shows
    # that the worker has finished the rerun.
    reminders_send.delay()
    heartbeat.delay()
    assert wait_until(WorkerHeartbeat.objects.exists, timeout=30)
    assert Notification.objects.count() == 2
