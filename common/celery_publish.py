"""
Hand a task to the broker from a web request without ever hanging or failing the request.

Celery's own publish retries for many seconds when Redis is down, and a request that waits that
long (or answers 500) is worse than one that says "later". `publish` opens a connection for this
one message with short connect and socket timeouts and no retries, and reports whether the broker
took it. The caller keeps its own record (an outbox row, a queued report job) and a beat job sends
what did not go. With no broker (CELERY_TASK_ALWAYS_EAGER, as under `make run`), the task runs
here, in the calling process.
"""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def publish_timeout() -> float:
    """Seconds to wait for the broker: CELERY_PUBLISH_TIMEOUT, half a second unless set."""
    return float(getattr(settings, "CELERY_PUBLISH_TIMEOUT", 0.5))


def _transport_options(timeout: float) -> dict:
    return {
        "max_retries": 0,
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        "retry_on_timeout": False,
    }


def publish(task, *, kwargs: dict, task_id: str | None = None, **options) -> bool:
    """
    Send `task` with `kwargs`; True when the broker took it (or it ran eagerly), False when not.

    `options` go to `apply_async` (a queue, a countdown); they mean nothing in eager mode.

    Never raises for a broker problem: it logs a warning and returns False so the caller can keep
    its row queued for a later attempt. In eager mode the task runs in this process through
    `task.apply`, whose exceptions follow CELERY_TASK_EAGER_PROPAGATES.
    """
    if task.app.conf.task_always_eager:
        task.apply(kwargs=kwargs, task_id=task_id)
        return True
    timeout = publish_timeout()
    try:
        with task.app.connection_for_write(
            connect_timeout=timeout, transport_options=_transport_options(timeout)
        ) as conn:
            task.apply_async(kwargs=kwargs, task_id=task_id, connection=conn, retry=False, ignore_result=True,
                             **options)
    except Exception:  # noqa: BLE001 - any broker failure: the caller's row waits for a re-publish
        logger.warning("Could not publish %s %s; it stays queued for a later attempt", task.name, kwargs,
                       exc_info=True)
        return False
    return True
