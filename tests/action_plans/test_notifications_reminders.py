"""reminders_send: due reminders at 30/7/1 days, weekly overdue notices and quarterly update reminders."""

import datetime

import pytest
from django.core import mail

from action_plans.models import ActionPlan, LocalAction, PlanningRound
from action_plans.notifications import reminders_send
from notifications.models import Notification

from .io_conftest_helpers import action_in

DUE = datetime.date(2022, 3, 31)  # the planning_round fixture's due date, a Thursday


def _days_before(days: int) -> datetime.date:
    return DUE - datetime.timedelta(days=days)


@pytest.fixture
def team(plan_a, planner_a_user, chief_a_user, viewer_a_user, planner_b_user, coordinator_user):
    """Force A has a draft plan; Force B is in the round with no plan yet. Viewers are never reminded."""
    return plan_a


def _keys() -> list[str]:
    return sorted(Notification.objects.values_list("key", flat=True))


def _who(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_nothing_is_sent_more_than_30_days_before_the_due_date(team):
    assert reminders_send(today=_days_before(31)) == 0
    assert Notification.objects.count() == 0


def test_reminders_come_30_7_and_1_days_before_and_once_each(team, django_capture_on_commit_callbacks):
    sent = []
    with django_capture_on_commit_callbacks(execute=True):
        for days in (30, 30, 29, 8, 7, 6, 2, 1, 0):
            sent.append(reminders_send(today=_days_before(days)))
    assert sent == [3, 0, 0, 0, 3, 0, 0, 3, 0]
    assert _who("due_reminder") == sorted(["planner.a@example.com", "chief.a@example.com", "planner.b@example.com"] * 3)
    messages = set(Notification.objects.values_list("message", flat=True))
    assert messages == {
        "Your plan for Year 1 plans is due in 30 days (31 March 2022)",
        "Your plan for Year 1 plans is due in 7 days (31 March 2022)",
        "Your plan for Year 1 plans is due tomorrow (31 March 2022)",
    }
    assert len(mail.outbox) == 9


def test_a_missed_run_sends_only_the_latest_band(team):
    assert reminders_send(today=_days_before(5)) == 3
    assert {key.split(":")[3] for key in _keys()} == {"7"}


def test_reminder_keys_name_the_round_force_band_and_user(team, planner_a_user, force_a):
    reminders_send(today=_days_before(30))
    round_id = team.round_id
    assert f"due:{round_id}:{force_a.pk}:30:{planner_a_user.pk}" in _keys()
    notification = Notification.objects.get(user=planner_a_user)
    assert notification.url == f"/plans/{team.pk}/"


def test_a_force_without_a_plan_is_reminded_with_no_link(team, planner_b_user):
    reminders_send(today=_days_before(7))
    notification = Notification.objects.get(user=planner_b_user)
    assert notification.url == ""


def test_overdue_notices_come_weekly_until_the_plan_is_submitted(team):
    assert reminders_send(today=DUE) == 3  # due today: the 1-day band, not yet sent
    assert reminders_send(today=DUE + datetime.timedelta(days=1)) == 3  # Friday: first overdue notice
    assert reminders_send(today=DUE + datetime.timedelta(days=3)) == 0  # Sunday, same ISO week
    assert reminders_send(today=DUE + datetime.timedelta(days=4)) == 3  # Monday, a new week
    assert _who("overdue").count("planner.a@example.com") == 2
    notice = Notification.objects.filter(kind="overdue").first()
    assert notice.message == "Your plan for Year 1 plans was due on 31 March 2022: submit it as soon as you can"

    ActionPlan.objects.filter(pk=team.pk).update(status=ActionPlan.Status.SUBMITTED)
    assert reminders_send(today=DUE + datetime.timedelta(days=11)) == 1  # only Force B's planner
    assert _who("overdue").count("planner.b@example.com") == 3


@pytest.mark.parametrize("status", [ActionPlan.Status.SUBMITTED, ActionPlan.Status.APPROVED])
def test_forces_that_have_submitted_are_not_reminded(team, planner_b_user, status):
    ActionPlan.objects.filter(pk=team.pk).update(status=status)
    assert reminders_send(today=_days_before(7)) == 1
    assert _who("due_reminder") == ["planner.b@example.com"]


def test_a_submitted_first_revision_counts_even_when_a_later_revision_is_a_draft(team, planner_b_user):
    ActionPlan.objects.filter(pk=team.pk).update(status=ActionPlan.Status.SUPERSEDED)
    ActionPlan.objects.create(force=team.force, round=team.round, revision=2, supersedes=team)
    assert reminders_send(today=_days_before(7)) == 1


def test_closed_rounds_send_nothing(team):
    PlanningRound.objects.update(status=PlanningRound.Status.CLOSED)
    assert reminders_send(today=_days_before(7)) == 0
    assert reminders_send(today=DUE + datetime.timedelta(days=10)) == 0


# Progress updates on approved plans ---------------------------------------------------------------


@pytest.fixture
def approved(team):
    """Force A's plan approved, its round closed (so no due reminders), with four actions."""
    PlanningRound.objects.update(status=PlanningRound.Status.CLOSED)
    ActionPlan.objects.filter(pk=team.pk).update(status=ActionPlan.Status.APPROVED)
    action_in(team, reference="A-1")  # never updated
    action_in(team, reference="A-2", last_progress_on=datetime.date(2026, 6, 30))  # last quarter
    action_in(team, reference="A-3", last_progress_on=datetime.date(2026, 7, 2))  # this quarter
    action_in(team, reference="A-4", status=LocalAction.Status.COMPLETE)  # finished: nothing to report
    return team


def test_update_reminders_go_to_planners_in_the_quarters_last_30_days(approved, django_capture_on_commit_callbacks):
    assert reminders_send(today=datetime.date(2026, 8, 31)) == 0  # 30 days left: not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=datetime.date(2026, 9, 1)) == 1
    notification = Notification.objects.get()
    assert notification.user.email == "planner.a@example.com"
    assert notification.kind == "update_due"
    assert notification.key == f"update_due:{approved.pk}:2026-Q3:{notification.user_id}"
    assert notification.message == (
        "2 actions in your plan for Year 1 plans need a progress update for July to September 2026"
    )
    assert [m.to for m in mail.outbox] == [["planner.a@example.com"]]


def test_update_reminders_are_sent_once_a_quarter(approved):
    assert reminders_send(today=datetime.date(2026, 9, 1)) == 1
    assert reminders_send(today=datetime.date(2026, 9, 30)) == 0
    assert reminders_send(today=datetime.date(2026, 12, 15)) == 1
    assert _keys()[-1].startswith(f"update_due:{approved.pk}:2026-Q4:")


def test_no_update_reminder_when_every_action_is_up_to_date(approved):
    LocalAction.objects.update(last_progress_on=datetime.date(2026, 9, 1))
    assert reminders_send(today=datetime.date(2026, 9, 10)) == 0


def test_plans_not_approved_get_no_update_reminder(approved):
    ActionPlan.objects.filter(pk=approved.pk).update(status=ActionPlan.Status.SUPERSEDED)
    assert reminders_send(today=datetime.date(2026, 9, 10)) == 0
