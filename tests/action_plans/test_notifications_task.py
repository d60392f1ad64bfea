"""The reminders task is a thin door: it calls the service with today's date in London."""

import datetime

import time_machine

from action_plans import tasks
from notifications.models import Notification
from vawg_portal.celery import app


def test_the_task_calls_the_service_with_todays_london_date(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "reminders_send_service", lambda *, today: calls.append(today) or 4)
    # 23:30 UTC on 31 March 2026 is already 1 April in London (British Summer Time).
    with time_machine.travel(datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC), tick=False):
        assert tasks.reminders_send.delay().get() == 4
    assert calls == [datetime.date(2026, 4, 1)]


def test_the_task_sends_reminders_through_the_real_service(plan_a, planner_a_user):
    seven_days_before = plan_a.round.due_on - datetime.timedelta(days=7)
    with time_machine.travel(datetime.datetime.combine(seven_days_before, datetime.time(6)), tick=False):
        tasks.reminders_send.delay()
    assert list(Notification.objects.values_list("user__email", "kind")) == [("planner.a@example.com", "due_reminder")]


def test_beat_runs_the_reminders_daily_at_six():
    entry = app.conf.beat_schedule["action-plans-reminders-daily"]
    assert entry["task"] == "action_plans.reminders_send" == tasks.reminders_send.name
    schedule = entry["schedule"]
    assert (schedule.hour, schedule.minute) == ({6}, {0})
    assert schedule.day_of_week == set(range(7))
    assert app.conf.timezone == "Europe/London"
