"""action_plans/todo.py: to-do items come from the state of the plans, for the right people only,
and go only when the work is done."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_plans import services
from action_plans.models import ActionPlan, LocalAction
from action_plans.todo import items_for
from tests.factories import UserFactory

from .factories import LocalActionFactory, cover_framework


def _texts(user) -> list[str]:
    return [item.text for item in items_for(user)]


def test_a_plan_awaiting_sign_off_is_on_its_chief_officers_list_only(
    covered_plan_a, drive, chief_a_user, planner_a_user, viewer_a_user, planner_b_user, coordinator_user
):
    drive(covered_plan_a, ActionPlan.Status.AWAITING_SIGNOFF)
    [item] = items_for(chief_a_user)
    assert item.text == "Sign off the plan for Year 1 plans"
    assert item.url == f"/plans/{covered_plan_a.pk}/sign-off/"
    assert item.count == 1
    for other in (planner_a_user, viewer_a_user, planner_b_user, coordinator_user):
        assert not any(text.startswith("Sign off") for text in _texts(other)), other


def test_a_plan_awaiting_sign_off_is_on_the_list_however_it_got_there(plan_a, chief_a_user):
    # No workflow step and no notification: only the plan's state says it awaits sign-off.
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=ActionPlan.Status.AWAITING_SIGNOFF)
    assert _texts(chief_a_user) == ["Sign off the plan for Year 1 plans"]


def test_the_sign_off_item_goes_once_the_chief_signs_off_and_submitting_becomes_the_planners_work(
    covered_plan_a, drive, chief_a_user, planner_a_user
):
    drive(covered_plan_a, ActionPlan.Status.AWAITING_SIGNOFF)
    services.plan_sign_off(plan=covered_plan_a, actor=chief_a_user, name="Casey Chief", rank="Chief Constable",
                           signed_on=datetime.date.today(), statement="Signed off.")
    assert not any(text.startswith("Sign off") for text in _texts(chief_a_user))
    assert "Submit the plan for Year 1 plans for national review" in _texts(planner_a_user)
    drive(covered_plan_a, ActionPlan.Status.SUBMITTED)
    assert _texts(planner_a_user) == []


def test_gaps_in_a_draft_are_the_force_editors_work_and_go_when_covered(plan_a, planner_a_user, viewer_a_user,
                                                                        planner_b_user):
    # 12 framework actions expected of forces, none covered yet.
    [item] = items_for(planner_a_user)
    assert (item.text, item.count) == ("Fix 12 gaps in the plan for Year 1 plans", 12)
    assert item.url == f"/plans/{plan_a.pk}/#coverage"
    assert _texts(viewer_a_user) == [] and _texts(planner_b_user) == []
    cover_framework(plan_a)
    assert _texts(planner_a_user) == []


def test_a_returned_plans_open_comments_stay_until_answered(submitted_plan_a, planner_a_user, coordinator_user):
    action = submitted_plan_a.actions.order_by("pk").first()
    services.plan_return(plan=submitted_plan_a, actor=coordinator_user, comment="Add dates.",
                         action_comments={action.pk: "Which team?"})
    assert "Answer 2 review comments on the plan for Year 1 plans" in _texts(planner_a_user)
    comments = list(submitted_plan_a.review_comments.order_by("pk"))
    services.comment_answer(comment=comments[0], actor=planner_a_user, response="Added.")
    assert "Answer 1 review comment on the plan for Year 1 plans" in _texts(planner_a_user)
    services.comment_answer(comment=comments[1], actor=planner_a_user, response="Public protection.")
    assert not any(text.startswith("Answer") for text in _texts(planner_a_user))


def test_approved_plans_actions_not_updated_this_cycle_until_each_is_updated(
    approved_plan_a, planner_a_user, chief_a_user, viewer_a_user
):
    actions = list(approved_plan_a.actions.order_by("pk"))
    [item] = items_for(planner_a_user)
    assert (item.text, item.count) == (f"Update {len(actions)} actions in the plan for Year 1 plans", len(actions))
    assert item.url == f"/plans/{approved_plan_a.pk}/progress/"
    assert _texts(viewer_a_user) == []
    LocalAction.objects.filter(pk__in=[a.pk for a in actions[1:]]).update(last_progress_on=datetime.date.today())
    assert _texts(chief_a_user) == ["Update 1 action in the plan for Year 1 plans"]
    LocalAction.objects.filter(pk=actions[0].pk).update(status=LocalAction.Status.COMPLETE)
    assert _texts(planner_a_user) == []


def test_the_coordinator_reviews_submitted_plans_and_the_item_goes_when_none_is_left(
    submitted_plan_a, plan_b, coordinator_user, analyst_user, planner_a_user
):
    [item] = items_for(coordinator_user)
    assert (item.text, item.url) == ("Review 1 submitted plan", f"/plans/{submitted_plan_a.pk}/review/")
    ActionPlan.objects.filter(pk=plan_b.pk).update(status=ActionPlan.Status.SUBMITTED)
    [item] = items_for(coordinator_user)
    assert (item.text, item.count, item.url) == ("Review 2 submitted plans", 2, "/#review-queue")
    assert _texts(analyst_user) == []
    services.plan_approve(plan=submitted_plan_a, actor=coordinator_user)
    assert _texts(coordinator_user) == ["Review 1 submitted plan"]


def test_a_user_with_no_role_has_nothing_to_do(plan_a, db):
    assert items_for(UserFactory(email="nobody@example.com", role="", force=None)) == []


def test_items_for_runs_a_fixed_number_of_queries_whatever_the_number_of_actions(
    plan_a, planner_a_user
):
    def count() -> int:
        user = type(planner_a_user).objects.get(pk=planner_a_user.pk)
        with CaptureQueriesContext(connection) as ctx:
            items_for(user)
        return len(ctx.captured_queries)

    few = count()
    pillar = plan_a.round.framework.pillars.first()
    for n in range(150):
        LocalActionFactory(plan=plan_a, reference=f"X-{n:03d}", pillar=pillar)
    assert count() == few == 4
