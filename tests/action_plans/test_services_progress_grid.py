"""progress_post_many: a quarter's progress on many actions at once, with progress_post's rules."""

import datetime

import pytest

from action_plans import services
from action_plans.models import ActionPlan, LocalAction, ProgressUpdate
from action_plans.services import ProgressEntry
from common.errors import DomainError

TODAY = datetime.date.today()


def _actions(plan):
    return list(plan.actions.order_by("reference"))


def test_it_records_each_entry_and_moves_each_action_on(approved_plan_a, planner_a_user):
    first, second, third = _actions(approved_plan_a)[:3]
    versions = (first.lock_version, second.lock_version)
    updates = services.progress_post_many(plan=approved_plan_a, actor=planner_a_user, on=TODAY, entries=[
        ProgressEntry(action_id=first.pk, rag="green", progress=40, narrative="Training under way"),
        ProgressEntry(action_id=second.pk, rag="red", progress=100, narrative="Finished late"),
    ])
    assert len(updates) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (first.rag, first.progress, first.status, first.last_progress_on) == ("green", 40, "in_progress", TODAY)
    assert (second.rag, second.progress, second.status) == ("red", 100, "complete")
    assert (first.lock_version, second.lock_version) == (versions[0] + 1, versions[1] + 1)
    assert third.last_progress_on is None and not third.updates.exists()
    assert ProgressUpdate.objects.get(action=first).narrative == "Training under way"
    assert ProgressUpdate.objects.get(action=second).author == planner_a_user


def test_it_records_history_for_each_action(approved_plan_a, planner_a_user):
    action = _actions(approved_plan_a)[0]
    before = action.history.count()
    services.progress_post_many(plan=approved_plan_a, actor=planner_a_user, on=TODAY, entries=[
        ProgressEntry(action_id=action.pk, rag="amber", progress=20, narrative="Slow start")])
    latest = action.history.order_by("-history_date", "-history_id").first()
    assert action.history.count() == before + 1
    assert (latest.rag, latest.progress, latest.history_user) == ("amber", 20, planner_a_user)


@pytest.mark.parametrize("status", [ActionPlan.Status.DRAFT, ActionPlan.Status.SUBMITTED, ActionPlan.Status.RETURNED])
def test_it_refuses_a_plan_that_is_not_approved_with_the_single_update_rule(covered_plan_a, planner_a_user, status):
    ActionPlan.objects.filter(pk=covered_plan_a.pk).update(status=status)
    covered_plan_a.refresh_from_db()
    action = _actions(covered_plan_a)[0]
    with pytest.raises(DomainError, match="Progress is posted on approved plans only") as grid_error:
        services.progress_post_many(plan=covered_plan_a, actor=planner_a_user, on=TODAY, entries=[
            ProgressEntry(action_id=action.pk, rag="green", progress=10, narrative="x")])
    with pytest.raises(DomainError) as single_error:
        services.progress_post(action=action, actor=planner_a_user, on=TODAY, narrative="x", rag="green", progress=10)
    assert grid_error.value.message == single_error.value.message == services.progress_problem(covered_plan_a)
    assert not ProgressUpdate.objects.exists()


def test_it_refuses_a_future_date(approved_plan_a, planner_a_user):
    action = _actions(approved_plan_a)[0]
    with pytest.raises(DomainError, match="today or in the past"):
        services.progress_post_many(plan=approved_plan_a, actor=planner_a_user, on=TODAY + datetime.timedelta(1),
                                    entries=[ProgressEntry(action_id=action.pk, rag="green", progress=1,
                                                           narrative="x")])
    assert not ProgressUpdate.objects.exists()


def test_it_refuses_an_action_of_another_plan_and_saves_nothing(approved_plan_a, plan_b, planner_a_user):
    from .factories import LocalActionFactory

    mine = _actions(approved_plan_a)[0]
    theirs = LocalActionFactory(plan=plan_b)
    with pytest.raises(DomainError, match="not in this plan"):
        services.progress_post_many(plan=approved_plan_a, actor=planner_a_user, on=TODAY, entries=[
            ProgressEntry(action_id=mine.pk, rag="green", progress=50, narrative="Mine"),
            ProgressEntry(action_id=theirs.pk, rag="green", progress=50, narrative="Theirs")])
    mine.refresh_from_db()
    assert mine.progress == 0 and not ProgressUpdate.objects.exists()


def test_it_refuses_no_entries_and_a_blank_comment(approved_plan_a, planner_a_user):
    action = _actions(approved_plan_a)[0]
    with pytest.raises(DomainError, match="at least one action"):
        services.progress_post_many(plan=approved_plan_a, actor=planner_a_user, on=TODAY, entries=[])
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.progress_post_many(plan=approved_plan_a, actor=planner_a_user, on=TODAY, entries=[
            ProgressEntry(action_id=action.pk, rag="green", progress=50, narrative="")])
    with pytest.raises(ValidationError):
        services.progress_post_many(plan=approved_plan_a, actor=planner_a_user, on=TODAY, entries=[
            ProgressEntry(action_id=action.pk, rag="green", progress=150, narrative="x")])
    assert not ProgressUpdate.objects.exists()
    assert LocalAction.objects.get(pk=action.pk).progress == 0
