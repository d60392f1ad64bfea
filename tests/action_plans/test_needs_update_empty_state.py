"""Issue 11, correctness: the needs-update page's empty state matches what the plan pages show, and says why."""

import datetime

import time_machine
from django.urls import reverse

from action_plans.models import LocalAction

from .io_conftest_helpers import action_in

MID_QUARTER = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)


def _page(client):
    with time_machine.travel(MID_QUARTER, tick=False):
        return client.get(reverse("action_plans:needs-update"))


def test_overdue_actions_of_a_draft_are_not_called_up_to_date(plan_a, planner_a):
    action_in(plan_a, reference="P1-01", target_on=datetime.date(2026, 11, 1), start_on=None, progress=0)
    response = _page(planner_a)
    body = response.content.decode()
    assert "Every action is up to date" not in body
    assert "No action of an approved plan is waiting for its update this quarter." in body
    assert "1 overdue action</a>, because the plan is draft: progress updates are posted once it is approved" in body
    assert f'{reverse("action_plans:plan-actions", args=[plan_a.pk])}?overdue=on' in body


def test_overdue_actions_updated_this_quarter_are_explained(approved_plan_a, planner_a):
    LocalAction.objects.filter(plan=approved_plan_a).update(
        target_on=datetime.date(2026, 11, 1), start_on=None, last_progress_on=datetime.date(2026, 11, 2))
    body = _page(planner_a).content.decode()
    assert "updated this quarter but not yet complete" in body


def test_another_forces_overdue_draft_is_not_mentioned(plan_b, planner_a, coordinator):
    action_in(plan_b, reference="P1-01", target_on=datetime.date(2026, 11, 1), start_on=None)
    assert "Overdue actions not on this list" not in _page(planner_a).content.decode()
    assert "Overdue actions not on this list" in _page(coordinator).content.decode()


def test_nothing_overdue_anywhere_says_only_that_nothing_is_waiting(plan_a, planner_a):
    action_in(plan_a, reference="P1-01", target_on=datetime.date(2027, 1, 1), start_on=None)
    body = _page(planner_a).content.decode()
    assert "No action of an approved plan is waiting" in body
    assert "Overdue actions not on this list" not in body
