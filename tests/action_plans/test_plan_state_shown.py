"""Issue 11, correctness: overdue, a plan's status and its next step are worked out once (selectors) and pages agree."""

import datetime

import time_machine
from django.urls import reverse

from action_plans import selectors
from action_plans.models import ActionPlan

from .io_conftest_helpers import action_in

S = ActionPlan.Status
MID_QUARTER = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)


def _url(name, plan):
    return reverse(f"action_plans:{name}", args=[plan.pk])


def _overdue_tags(body: str) -> int:
    return body.count(">Overdue</strong>")


def test_the_overdue_tag_and_the_only_overdue_filter_agree(plan_a, viewer_a):
    # Target date after the quarter began but before today: overdue by the filter, so by the tag too.
    action_in(plan_a, reference="P1-01", target_on=datetime.date(2026, 11, 10), start_on=None)
    action_in(plan_a, reference="P1-02", target_on=datetime.date(2026, 12, 31), start_on=None)
    with time_machine.travel(MID_QUARTER, tick=False):
        all_page = viewer_a.get(_url("plan-actions", plan_a)).content.decode()
        only_overdue = viewer_a.get(_url("plan-actions", plan_a) + "?overdue=on")
    shown = [a.reference for a in only_overdue.context["actions"]]
    assert shown == ["P1-01"]
    assert _overdue_tags(all_page) == 1
    assert _overdue_tags(only_overdue.content.decode()) == 1


def test_plan_actions_marks_overdue_from_the_same_rule_as_the_filter(plan_a):
    action_in(plan_a, reference="P1-01", target_on=datetime.date(2026, 11, 10), start_on=None)
    action_in(plan_a, reference="P1-02", target_on=datetime.date(2026, 11, 10), start_on=None, status="complete")
    today = datetime.date(2026, 11, 20)
    marked = {a.reference: a.is_overdue for a in selectors.plan_actions(plan=plan_a, today=today)}
    filtered = [a.reference for a in selectors.plan_actions(
        plan=plan_a, filters=selectors.ActionFilters(overdue=True), today=today)]
    assert marked == {"P1-01": True, "P1-02": False}
    assert filtered == ["P1-01"]


def test_after_sign_off_the_plan_says_signed_off_and_shows_the_chief_what_is_next(covered_plan_a, drive, chief_a):
    plan = drive(covered_plan_a, "signed_off")
    response = chief_a.get(_url("plan-detail", plan))
    body = response.content.decode()
    assert ">Signed off</strong>" in body
    assert ">Awaiting sign-off</strong>" not in body
    assert "Next: submit the plan for national review." in body
    assert [b.label for b in response.context["next_step"].buttons] == ["Submit plan"]


def test_awaiting_sign_off_still_says_so_before_the_chief_signs(covered_plan_a, drive, chief_a):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    response = chief_a.get(_url("plan-detail", plan))
    assert ">Awaiting sign-off</strong>" in response.content.decode()
    assert [b.label for b in response.context["next_step"].buttons] == ["Sign off", "Send back"]


def test_a_viewer_gets_no_buttons_but_the_same_next_step(covered_plan_a, drive, viewer_a):
    plan = drive(covered_plan_a, "signed_off")
    next_step = viewer_a.get(_url("plan-detail", plan)).context["next_step"]
    assert next_step.buttons == [] and "submit the plan" in next_step.text


def _due(plan, day):
    plan.round.due_on = day
    plan.round.save()


def test_a_draft_after_its_due_date_shows_overdue_by_n_days_on_the_plan_list_and_page(plan_a, planner_a,
                                                                                       coordinator):
    _due(plan_a, datetime.date(2026, 11, 17))
    with time_machine.travel(MID_QUARTER, tick=False):
        detail = planner_a.get(_url("plan-detail", plan_a)).content.decode()
        listing = coordinator.get(reverse("action_plans:list")).content.decode()
    assert "Overdue by 3 days" in detail
    assert "Overdue by 3 days" in listing


def test_overdue_by_one_day_is_singular_and_owed_states_only(plan_a):
    _due(plan_a, datetime.date(2026, 11, 19))
    today = datetime.date(2026, 11, 20)
    assert selectors.plan_status(plan=plan_a, today=today).overdue_label == "Overdue by 1 day"
    for status, days in ((S.AWAITING_SIGNOFF, 1), (S.RETURNED, 1), (S.SUBMITTED, 0), (S.APPROVED, 0)):
        plan_a.status = status
        assert selectors.plan_status(plan=plan_a, today=today).overdue_days == days
    plan_a.status = S.DRAFT
    assert selectors.plan_status(plan=plan_a, today=datetime.date(2026, 11, 19)).overdue_days == 0


def test_the_review_page_shows_the_plan_status_through_the_shared_include(submitted_plan_a, coordinator):
    body = coordinator.get(_url("plan-review", submitted_plan_a)).content.decode()
    assert ">Submitted</strong>" in body
