"""The outbox services: enqueue with the step, publish after commit, deliver once, flush what waits."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.models import OutboxEmail, WorkerHeartbeat
from notifications.services import email_deliver, email_enqueue, outbox_flush

S = OutboxEmail.Status


@pytest.fixture
def published(monkeypatch):
    """Record publishes instead of handing rows to Celery."""
    ids = []
    monkeypatch.setattr(services, "email_publish", lambda *, outbox_id: ids.append(outbox_id) or True)
    return ids


def _row(**fields) -> OutboxEmail:
    values = {"key": f"k{OutboxEmail.objects.count()}", "to": "a@example.com", "subject": "Hello", "body": "Hi."}
    return OutboxEmail.objects.create(**{**values, **fields})


def test_enqueue_writes_a_row_and_publishes_it_only_after_commit(db, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = email_enqueue(key="one", to="a@example.com", subject="Hello", body="Hi.")
    assert published == []
    assert (email.status, email.attempts) == (S.PENDING, 0)
    callbacks[0]()
    assert published == [email.pk]


def test_enqueue_rolls_back_with_the_step(db, published):
    with pytest.raises(RuntimeError), transaction.atomic():
        email_enqueue(key="one", to="a@example.com", subject="Hello", body="Hi.")
        raise RuntimeError("the step failed")
    assert not OutboxEmail.objects.exists()
    assert published == []


def test_enqueue_of_a_key_already_queued_adds_nothing(db, published):
    assert email_enqueue(key="one", to="a@example.com", subject="Hello", body="Hi.")
    assert email_enqueue(key="one", to="a@example.com", subject="Hello", body="Hi.") is None
    assert OutboxEmail.objects.count() == 1


def test_enqueue_makes_the_subject_one_safe_line(db, published):
    subject = "Plans\r\nBcc: x@evil.example\x00" + "y" * 300
    email = email_enqueue(key="one", to="a@example.com", subject=subject, body=".")
    assert "\n" not in email.subject and "\r" not in email.subject and "\x00" not in email.subject
    assert email.subject.startswith("Plans Bcc: x@evil.example")
    assert len(email.subject) <= 150


def test_deliver_sends_once_and_marks_the_row_sent(db):
    row = _row()
    assert email_deliver(outbox_id=row.pk) == S.SENT
    assert email_deliver(outbox_id=row.pk) is None  # a redelivered message
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (S.SENT, 1, "")
    assert row.sent_at is not None
    assert [(m.subject, m.to) for m in mail.outbox] == [("Hello", ["a@example.com"])]


def test_deliver_leaves_a_row_another_worker_is_sending(db):
    row = _row(status=S.SENDING, sending_since=timezone.now() - datetime.timedelta(seconds=5), attempts=1)
    assert email_deliver(outbox_id=row.pk) is None
    row.refresh_from_db()
    assert (row.status, row.attempts) == (S.SENDING, 1)
    assert mail.outbox == []


def test_deliver_sends_a_row_whose_worker_died_mid_send(db, settings):
    stale = timezone.now() - datetime.timedelta(seconds=settings.NOTIFICATIONS_SENDING_STALE_SECONDS + 1)
    row = _row(status=S.SENDING, sending_since=stale, attempts=1)
    assert email_deliver(outbox_id=row.pk) == S.SENT
    row.refresh_from_db()
    assert (row.status, row.attempts) == (S.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_mail_server_error_puts_the_row_back_for_the_flush(db, monkeypatch):
    row = _row()
    monkeypatch.setattr("django.core.mail.EmailMessage.send", _raise(smtplib.SMTPServerDisconnected("gone")))
    assert email_deliver(outbox_id=row.pk) == S.PENDING
    row.refresh_from_db()
    assert (row.status, row.attempts) == (S.PENDING, 1)
    assert "gone" in row.last_error


def test_the_row_fails_after_the_last_attempt(db, monkeypatch):
    row = _row(attempts=services.MAX_ATTEMPTS - 1)
    monkeypatch.setattr("django.core.mail.EmailMessage.send", _raise(ConnectionRefusedError("refused")))
    assert email_deliver(outbox_id=row.pk) == S.FAILED
    assert OutboxEmail.objects.get(pk=row.pk).status == S.FAILED


def test_an_email_that_cannot_be_built_fails_without_retrying(db):
    # Written around email_enqueue, which would have cleaned the subject.
    row = _row(subject="Two\nlines")
    assert email_deliver(outbox_id=row.pk) == S.FAILED
    assert mail.outbox == []


def test_flush_publishes_rows_pending_a_while_and_stale_claims_only(db, published, settings):
    now = timezone.now()
    old = now - datetime.timedelta(minutes=1)
    stale = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_SENDING_STALE_SECONDS + 1)
    waiting = _row(created_at=old)
    _row()  # just enqueued: its own on-commit publish is on its way
    dead = _row(created_at=old, status=S.SENDING, sending_since=stale)
    _row(created_at=old, status=S.SENDING, sending_since=now)
    _row(created_at=old, status=S.SENT)
    _row(created_at=old, status=S.FAILED)
    assert outbox_flush() == 2
    assert published == [waiting.pk, dead.pk]


def test_flush_stops_at_the_first_publish_failure(db, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "email_publish", lambda *, outbox_id: calls.append(outbox_id) and False)
    old = timezone.now() - datetime.timedelta(minutes=1)
    _row(created_at=old), _row(created_at=old)
    assert outbox_flush() == 0
    assert len(calls) == 1


def test_publish_with_the_broker_down_logs_and_returns_false(db, settings, caplog):
    from vawg_portal.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.update(broker_url="redis://127.0.0.1:9/0", task_always_eager=False)
    try:
        assert services.email_publish(outbox_id=123) is False
    finally:
        app.conf.update(broker_url=saved[0], task_always_eager=saved[1])
    assert "Could not publish notifications.email_deliver {'outbox_id': 123}" in caplog.text


def test_heartbeat_records_the_worker_once(db):
    services.worker_heartbeat(hostname="celery@one")
    services.worker_heartbeat(hostname="celery@one")
    assert list(WorkerHeartbeat.objects.values_list("hostname", flat=True)) == ["celery@one"]


def _raise(exc):
    def fail(*args, **kwargs):
        raise exc

    return fail
