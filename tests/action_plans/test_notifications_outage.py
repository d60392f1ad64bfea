"""
Redis down while a coordinator returns a plan: the plan is returned, the page answers without an
error, each email waits in the outbox, and all are sent, once each, when Redis is back and a
worker runs the flush. Real processes: a private redis-server (stopped and started again by the
test; never the shared one), a Celery worker in a subprocess, the test PostgreSQL database.
"""

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from action_plans.models import ActionPlan
from notifications.models import OutboxEmail
from notifications.services import outbox_flush
from tests.notifications.processes import (  # noqa: F401 - private_redis is a fixture
    private_redis,
    sent_subjects,
    start_worker,
    stop_worker,
    wait_until,
    worker_env,
)
from vawg_portal.celery import app


@pytest.fixture
def broker_down(private_redis, settings):  # noqa: F811
    """The portal's broker is the private Redis, which is stopped: the state during an outage."""
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=private_redis.url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    private_redis.stop()
    yield private_redis
    app.conf.update(saved)


@pytest.fixture
def publish_calls(monkeypatch):
    """Record how each publish connected: its connect timeout and retry options."""
    calls = []
    original = app.connection_for_write

    def spy(*args, **kwargs):
        if "transport_options" in kwargs:  # not the event dispatcher celery builds once
            calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(app, "connection_for_write", spy)
    return calls


def _returned_emails():
    return OutboxEmail.objects.filter(key__startswith="notification:returned:").order_by("to")


def test_a_plan_returned_while_redis_is_down_is_saved_and_its_emails_follow(
    transactional_db, submitted_plan_a, coordinator, broker_down, publish_calls, caplog, tmp_path
):
    url = reverse("action_plans:plan-review", args=[submitted_plan_a.pk])
    before = set(OutboxEmail.objects.values_list("pk", flat=True))
    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        response = coordinator.post(url, {"comment": "Say more about partners", "return": "Return to force"})

    assert response.status_code == 302
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == ActionPlan.Status.RETURNED
    emails = list(_returned_emails().values_list("to", "status"))
    assert emails == [("chief.a@example.com", "pending"), ("planner.a@example.com", "pending")]
    # Each email was offered to the broker once, with a short timeout and no retries, and the
    # failure was logged, not raised.
    new = OutboxEmail.objects.exclude(pk__in=before)
    assert set(new.values_list("status", flat=True)) == {"pending"}
    assert len(publish_calls) == new.count() >= 2
    assert all(c["connect_timeout"] <= 1 and c["transport_options"]["max_retries"] == 0 for c in publish_calls)
    assert caplog.text.count("Could not publish notifications.email_deliver") == new.count()

    # Redis comes back and a worker starts; time passes, so the rows are due for the flush.
    broker_down.start()
    _returned_emails().update(created_at=timezone.now() - timezone.timedelta(minutes=2))
    mail_dir = tmp_path / "mail"
    worker = start_worker(worker_env(redis_url=broker_down.url, mail_dir=mail_dir), "outage")
    try:
        # The worker flushes at start-up; the beat flush (here by hand) would do the same.
        sent = wait_until(
            lambda: not _returned_emails().exclude(status=OutboxEmail.Status.SENT).exists(),
            timeout=60, every=1, on_wait=outbox_flush,
        )
    finally:
        log = stop_worker(worker)
    assert sent, log
    subject = "Your plan for Year 1 plans was returned: answer the review comments and submit it again"
    assert sent_subjects(mail_dir) == [subject, subject]


def test_a_password_reset_while_redis_is_down_answers_and_keeps_its_email(
    transactional_db, anonymous, planner_a_user, broker_down
):
    response = anonymous.post(reverse("accounts:password_reset"), {"email": planner_a_user.email})
    assert response.status_code == 302
    row = OutboxEmail.objects.get()
    assert (row.to, row.status) == (planner_a_user.email, OutboxEmail.Status.PENDING)
    assert "Reset your VAWG Portal password" in row.subject
