"""The notifications tasks: thin doors, fire-and-forget, each with its own time limits, on beat."""

from django.core import mail

from notifications import tasks
from notifications.models import OutboxEmail, WorkerHeartbeat
from vawg_portal.celery import app


def test_every_task_ignores_its_result_and_has_time_limits():
    for task in (tasks.email_deliver, tasks.outbox_flush, tasks.heartbeat):
        assert task.ignore_result is True
        assert 0 < task.soft_time_limit < task.time_limit <= 60


def test_deliver_time_limit_is_shorter_than_a_stale_claim(settings):
    # A claim is only taken over once the claiming worker must be dead (killed by its hard limit).
    assert tasks.email_deliver.time_limit < settings.NOTIFICATIONS_SENDING_STALE_SECONDS


def test_the_deliver_task_sends_the_row(db):
    row = OutboxEmail.objects.create(key="k", to="a@example.com", subject="Hello", body="Hi.")
    tasks.email_deliver.delay(outbox_id=row.pk)
    assert OutboxEmail.objects.get(pk=row.pk).status == OutboxEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_the_heartbeat_task_records_the_worker(db):
    tasks.heartbeat.delay()
    assert WorkerHeartbeat.objects.count() == 1


def test_beat_flushes_the_outbox_every_minute_and_beats_every_30_seconds():
    schedule = app.conf.beat_schedule
    assert schedule["notifications-outbox-flush"]["task"] == tasks.outbox_flush.name
    assert schedule["notifications-outbox-flush"]["schedule"] == 60
    assert schedule["notifications-heartbeat"]["task"] == tasks.heartbeat.name
    assert schedule["notifications-heartbeat"]["schedule"] == 30


def test_a_starting_worker_queues_a_heartbeat_and_a_flush(monkeypatch):
    queued = []
    for task in (tasks.heartbeat, tasks.outbox_flush):
        monkeypatch.setattr(task, "apply_async", lambda *a, _name=task.name, **k: queued.append(_name))
    tasks._on_worker_ready()
    assert queued == ["notifications.heartbeat", "notifications.outbox_flush"]
