"""
A worker killed (SIGKILL) in the middle of sending an email: after a new worker starts, exactly one
email has been sent, and handing the row out again sends nothing more.

Real processes: a private redis-server, solo-pool workers in subprocesses, the test PostgreSQL
database, and emails written to files so they can be counted.
"""

import signal

import pytest

from notifications.models import OutboxEmail
from notifications.services import email_enqueue, email_publish, outbox_flush
from vawg_portal.celery import app

from .processes import private_redis, sent_subjects, start_worker, stop_worker, wait_until, worker_env  # noqa: F401

STALE_SECONDS = 3


@pytest.fixture
def broker(private_redis, settings):  # noqa: F811
    """The test process publishes to the private Redis, for real (not eagerly)."""
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=private_redis.url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.NOTIFICATIONS_SENDING_STALE_SECONDS = STALE_SECONDS
    yield private_redis
    app.conf.update(saved)


def test_a_worker_killed_mid_email_leaves_exactly_one_email_sent(broker, transactional_db, tmp_path):
    mail_dir = tmp_path / "mail"
    env = worker_env(
        redis_url=broker.url, mail_dir=mail_dir,
        EMAIL_BACKEND="tests.notifications.slow_email_backend.EmailBackend",
        NOTIFICATIONS_SENDING_STALE_SECONDS=str(STALE_SECONDS),
    )
    email = email_enqueue(key="crash-test", to="someone@example.com", subject="Crash test", body="Once only.")
    first = start_worker(env, "first")
    second = None
    try:
        assert wait_until((tmp_path / "sending.marker").exists, timeout=60), "the first worker never started sending"
        output = stop_worker(first, sig=signal.SIGKILL)
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutboxEmail.Status.SENDING, 1), output
        assert sent_subjects(mail_dir) == []

        # A redelivery while the claim is fresh must not send: the first worker might still be sending.
        assert email_publish(outbox_id=email.pk)
        second = start_worker(env, "second")
        # Once the claim is stale the flush (beat, every minute; here by hand) hands the row out again.
        assert wait_until(lambda: sent_subjects(mail_dir), timeout=60, every=1, on_wait=outbox_flush), (
            stop_worker(second)
        )
        # More redeliveries and flushes send nothing more.
        email_publish(outbox_id=email.pk)
        outbox_flush()
        assert wait_until(
            lambda: OutboxEmail.objects.filter(pk=email.pk, status=OutboxEmail.Status.SENT).exists(), timeout=30
        )
        email_publish(outbox_id=email.pk)
        wait_until(lambda: False, timeout=2)
    finally:
        log = stop_worker(second) if second else ""
    assert sent_subjects(mail_dir) == ["Crash test"], log
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 2)
    assert email.sent_at is not None
