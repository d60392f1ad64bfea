"""
The email outbox: enqueue an email with the step that causes it, publish it after commit, deliver it once.

Why an outbox: a saved step (a plan returned, a password reset asked for) must never fail or wait
because Redis or the mail server is down, and its email must never be lost. So the email is a row
written in the caller's transaction; after commit its id is handed to Celery with a short broker
timeout (a failure is logged, nothing more); and `outbox_flush` (beat, every minute, and at worker
start-up) hands out again whatever is still pending once Redis is back.

Sending once: `email_deliver` claims the row (status `sending`, `sending_since`) in one short
transaction, sends, then marks it `sent` in another. A redelivered message finds the row sent, or
claimed less than `SENDING_STALE_AFTER` ago, and does nothing. A worker killed before the mail
server accepted the email leaves a stale claim, which the flush hands out again: the email goes out
once. The one window left is a worker killed in the milliseconds between the mail server's "250 OK"
and our commit of `sent`: that email goes out twice. No scheme closes it without the mail server's
help (SMTP has no idempotency key); marking `sent` before sending would turn it into a lost email
instead, and a late duplicate is the lesser harm for these messages.
"""

import datetime
import logging
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.celery_publish import publish
from common.text import single_line

from .models import Notification, OutboxEmail, WorkerHeartbeat

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 150
# Attempts before a row is given up as failed (one per flush, so about this many minutes).
MAX_ATTEMPTS = 5
# A row pending for less than this is still on its way from the on-commit publish: don't double it.
FLUSH_MIN_AGE = datetime.timedelta(seconds=10)
FLUSH_BATCH = 500


def _sending_stale_after() -> datetime.timedelta:
    # Longer than email_deliver's hard time limit, so a slow but living worker is never doubled.
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_SENDING_STALE_SECONDS)


def email_enqueue(*, key: str, to: str, subject: str, body: str) -> OutboxEmail | None:
    """
    Write one email to the outbox and publish it after the caller's transaction commits.

    `key` is unique: enqueuing the same key again returns None and adds nothing. The subject is
    made one safe line (no CR/LF or control characters) and cut to 150 characters. Never raises
    because of the broker: publishing happens after commit and only logs its failures.
    """
    try:
        with transaction.atomic():
            email = OutboxEmail.objects.create(
                key=key[:250], to=to, subject=single_line(subject, max_length=SUBJECT_MAX_LENGTH), body=body,
            )
    except IntegrityError:
        return None
    transaction.on_commit(partial(email_publish, outbox_id=email.pk))
    return email


def email_publish(*, outbox_id: int) -> bool:
    """
    Hand one outbox row to a worker; False (and a log line) when the broker cannot take it now.

    `common.celery_publish.publish` opens a connection with short timeouts and no retries, and the
    task ignores its result, so a broker that is down costs the request well under a second. The
    flush sends the row again later.
    """
    from . import tasks  # tasks import this module: import here to avoid the cycle

    return publish(tasks.email_deliver, kwargs={"outbox_id": outbox_id})


def email_deliver(*, outbox_id: int) -> OutboxEmail.Status | None:
    """
    Send one outbox email unless it is sent, failed or being sent; return the row's new status.

    Claim (select_for_update, mark `sending`), send outside any transaction with EMAIL_TIMEOUT,
    then mark `sent`. A send error puts the row back to `pending` for the flush, or `failed` after
    MAX_ATTEMPTS; an email that cannot be built at all (a bad header) fails at once.
    """
    now = timezone.now()
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().filter(pk=outbox_id).first()
        if email is None or email.status in (OutboxEmail.Status.SENT, OutboxEmail.Status.FAILED):
            return None
        if email.status == OutboxEmail.Status.SENDING and email.sending_since > now - _sending_stale_after():
            return None
        email.status, email.sending_since, email.attempts = OutboxEmail.Status.SENDING, now, email.attempts + 1
        email.save(update_fields=["status", "sending_since", "attempts"])

    try:
        message = EmailMessage(subject=email.subject, body=email.body, to=[email.to], connection=get_connection())
        message.send()
    except Exception as exc:  # noqa: BLE001 - recorded on the row; the flush retries it
        permanent = not isinstance(exc, OSError | SoftTimeLimitExceeded) or email.attempts >= MAX_ATTEMPTS
        status = OutboxEmail.Status.FAILED if permanent else OutboxEmail.Status.PENDING
        logger.warning("Outbox email %s not sent (%s): %r", outbox_id, status, exc)
        OutboxEmail.objects.filter(pk=outbox_id).update(status=status, last_error=repr(exc)[:500])
        return status
    OutboxEmail.objects.filter(pk=outbox_id).update(
        status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return OutboxEmail.Status.SENT


def outbox_flush() -> int:
    """
    Publish again every row still waiting: pending for more than a few seconds, or claimed by a
    worker that died (a claim older than SENDING_STALE_AFTER). Returns how many were handed out.
    """
    now = timezone.now()
    waiting = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING, created_at__lt=now - FLUSH_MIN_AGE)
    stale = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.SENDING, sending_since__lt=now - _sending_stale_after()
    )
    ids = list((waiting | stale).order_by("created_at", "pk").values_list("pk", flat=True)[:FLUSH_BATCH])
    published = 0
    for outbox_id in ids:
        if not email_publish(outbox_id=outbox_id):
            break  # the broker is down: the next flush tries again
        published += 1
    return published


def worker_heartbeat(*, hostname: str) -> WorkerHeartbeat:
    """Record that the worker `hostname` is alive and running tasks now."""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:200], defaults={"seen_at": timezone.now()}
    )
    return heartbeat


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (once: the first reading time is kept)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; return how many changed."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
