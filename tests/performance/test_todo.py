"""performance/todo.py: returns owed, returned or waiting for review, from the returns' state."""

from django.utils import timezone

from performance.models import Return
from performance.todo import items_for

from .conftest import make_period


def _texts(user) -> list[str]:
    return [item.text for item in items_for(user)]


def test_an_open_period_with_no_submitted_return_is_owed_by_the_forces_editors(
    open_period, locked_period, future_period, planner_a_user, chief_a_user, viewer_a_user, force_a
):
    due = f"{open_period.due_on.day} {open_period.due_on:%B %Y}"
    [item] = items_for(planner_a_user)
    assert item.text == "Submit the performance return for 2026-27 H1"
    assert item.url == f"/performance/returns/force-a/{open_period.slug}/"
    assert item.hint == f"Due {due}"
    assert _texts(chief_a_user) == [item.text]
    assert _texts(viewer_a_user) == []  # a viewer changes nothing, so owes nothing
    ret = Return.objects.create(force=force_a, period=open_period)  # a draft is still owed
    assert _texts(planner_a_user) == [item.text]
    Return.objects.filter(pk=ret.pk).update(status=Return.Status.SUBMITTED)
    assert _texts(planner_a_user) == []


def test_a_return_past_its_due_date_says_how_late_it_is(measure_set, planner_a_user):
    make_period(measure_set, "2026-27 H2", opens_in=-40, due_in=-3)
    [item] = items_for(planner_a_user)
    assert item.hint.startswith("Overdue by 3 days")


def test_a_returned_return_stays_until_it_is_submitted_again(locked_period, planner_a_user, planner_b_user, force_a):
    ret = Return.objects.create(force=force_a, period=locked_period, status=Return.Status.RETURNED)
    assert _texts(planner_a_user) == ["Correct the performance return for 2025-26 H2"]
    assert _texts(planner_b_user) == []
    Return.objects.filter(pk=ret.pk).update(status=Return.Status.SUBMITTED, submitted_at=timezone.now())
    assert _texts(planner_a_user) == []


def test_the_coordinator_reviews_submitted_returns(locked_period, coordinator_user, analyst_user, force_a, force_b):
    assert _texts(coordinator_user) == []
    Return.objects.create(force=force_a, period=locked_period, status=Return.Status.SUBMITTED)
    Return.objects.create(force=force_b, period=locked_period, status=Return.Status.SUBMITTED)
    [item] = items_for(coordinator_user)
    assert (item.text, item.count, item.url) == ("Review 2 submitted performance returns", 2,
                                                 "/performance/completeness/")
    assert _texts(analyst_user) == []
    Return.objects.filter(force=force_a).update(status=Return.Status.APPROVED)
    assert _texts(coordinator_user) == ["Review 1 submitted performance return"]
