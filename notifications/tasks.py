"""
Celery tasks for notifications: thin doors onto notifications.services.

Every task here is idempotent and short, so it is safe with acks_late (a message redelivered after
a worker dies runs again harmlessly) and ignores its result (nobody reads it).
"""

import logging

from celery import shared_task
from celery.signals import worker_ready

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="notifications.email_deliver", ignore_result=True, soft_time_limit=40, time_limit=60)
def email_deliver(*, outbox_id: int) -> None:
    """Send one outbox email, once (see services.email_deliver)."""
    services.email_deliver(outbox_id=outbox_id)


@shared_task(name="notifications.outbox_flush", ignore_result=True, soft_time_limit=50, time_limit=60)
def outbox_flush() -> None:
    """Hand out again the outbox emails still waiting (beat, every minute; and at worker start-up)."""
    count = services.outbox_flush()
    if count:
        logger.info("Outbox flush published %s email(s)", count)


@shared_task(name="notifications.heartbeat", bind=True, ignore_result=True, soft_time_limit=10, time_limit=20)
def heartbeat(self) -> None:
    """Record that a worker ran a task just now (beat, every 30 s): what /healthz/ready reads."""
    services.worker_heartbeat(hostname=self.request.hostname or "unknown")


@worker_ready.connect
def _on_worker_ready(sender=None, **kwargs) -> None:
    """
    A worker that starts after an outage announces itself and sends what waited while it was away.

    Both go through the queue (this worker, or another, runs them), so start-up itself does no
    database work and cannot fail.
    """
    for task in (heartbeat, outbox_flush):
        try:
            task.apply_async(ignore_result=True)
        except Exception:  # noqa: BLE001 - the next beat run does the same
            logger.warning("Could not queue %s at worker start-up", task.name, exc_info=True)
