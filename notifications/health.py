"""
What the readiness check (/healthz/ready, common.views) asks of notifications: are workers alive,
and is the email outbox draining? Found by common.discovery, so common imports no app.
"""

import datetime

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from .models import OutboxEmail, WorkerHeartbeat

# A worker runs the heartbeat task every 30 s: two minutes of silence means none is working.
WORKER_SILENCE = datetime.timedelta(minutes=2)
# Pending email older than this means delivery has stalled (the flush runs every minute).
OUTBOX_MAX_AGE = datetime.timedelta(minutes=10)


def checks() -> dict[str, dict]:
    """Each dependency's state: {"name": {"ok": bool, ...details}}."""
    now = timezone.now()
    seen = WorkerHeartbeat.objects.filter(seen_at__gte=now - WORKER_SILENCE).order_by("-seen_at")
    workers = list(seen.values_list("hostname", flat=True)[:20])
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    waiting = OutboxEmail.objects.filter(status__in=[OutboxEmail.Status.PENDING, OutboxEmail.Status.SENDING])
    summary = waiting.aggregate(oldest=Min("created_at"))
    backlog = waiting.count()
    oldest_age = int((now - summary["oldest"]).total_seconds()) if summary["oldest"] else 0
    # With no broker (development), tasks run in the web process: there is no worker to wait for.
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    return {
        "workers": {
            "ok": bool(workers) or eager,
            **({"mode": "eager"} if eager else {}),
            "seen": workers,
            "last_heartbeat_seconds_ago": int((now - last).total_seconds()) if last else None,
        },
        "outbox": {
            "ok": oldest_age <= OUTBOX_MAX_AGE.total_seconds(),
            "backlog": backlog,
            "oldest_pending_seconds": oldest_age,
            "failed": OutboxEmail.objects.filter(status=OutboxEmail.Status.FAILED).count(),
        },
    }
