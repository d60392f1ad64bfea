"""
Issue 11, the daily work, in a real browser: each role lands on its own home page after sign-in;
a chief officer signs off from the to-do list, which then no longer shows the item; a planner sees
their plan's next step as the one primary button. Shared checks (axe, HTML_CodeSniffer, 320 px
reflow) on the home page of each role and on the attention page; screenshots at 1280 and 390 px.
"""

import datetime

import pytest

from action_plans import services
from action_plans.models import ActionPlan
from tests.action_plans.factories import (
    ActionPlanFactory,
    PlanningRoundFactory,
    build_framework,
    cover_framework,
)
from tests.conftest import PASSWORD

from .conftest import SCREENSHOTS, check_a11y, sign_in

TODAY = datetime.date.today()


@pytest.fixture
def planning_round(force_a, force_b, coordinator_user):
    framework = build_framework(title="National framework for delivery")
    round_ = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title="Plans 2026",
                                  due_on=TODAY + datetime.timedelta(days=20))
    round_.forces.set([force_a, force_b])
    return round_


@pytest.fixture
def awaiting_plan(planning_round, force_a, planner_a_user):
    plan = ActionPlanFactory(force=force_a, round=planning_round)
    cover_framework(plan)
    return services.plan_send_for_signoff(plan=plan, actor=planner_a_user)


def _narrow_screenshot(page, name: str) -> None:
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size(size)


def test_a_chief_signs_off_from_the_to_do_list_which_then_no_longer_shows_it(page, awaiting_plan, chief_a_user):
    sign_in(page, chief_a_user.email, PASSWORD)
    assert page.url.endswith("/")
    main = page.locator("main").inner_text()
    assert "Awaiting your sign-off" in main and "ready for you to sign off" in main
    check_a11y(page, "home-chief")
    _narrow_screenshot(page, "home-chief")

    page.get_by_role("link", name="Needs your attention").first.click()
    todo = page.get_by_role("link", name="Sign off the plan for Plans 2026")
    assert todo.is_visible()
    check_a11y(page, "attention-chief")
    _narrow_screenshot(page, "attention-chief")

    todo.click()
    page.fill('input[name="signed_on_0"]', str(TODAY.day))
    page.fill('input[name="signed_on_1"]', str(TODAY.month))
    page.fill('input[name="signed_on_2"]', str(TODAY.year))
    page.get_by_label("Rank").fill("Chief Constable")
    page.get_by_role("button", name="Sign off plan").click()
    assert page.locator("h1").inner_text() == "Plan signed off"
    assert ActionPlan.objects.get(pk=awaiting_plan.pk).signed_off_on == TODAY

    page.goto("/attention/")
    main = page.locator("main").inner_text()
    assert "Sign off the plan" not in main
    # The work moved on: the signed-off plan now waits to be submitted for national review.
    assert "Submit the plan for Plans 2026 for national review" in main
    check_a11y(page, "attention-chief-done")


def test_a_planner_lands_on_their_plans_home_with_the_next_step_as_the_primary_button(
    page, planning_round, force_a, planner_a_user
):
    plan = ActionPlanFactory(force=force_a, round=planning_round)
    sign_in(page, planner_a_user.email, PASSWORD)
    main = page.locator("main")
    assert "Force A Constabulary action plan for Plans 2026" in main.inner_text()
    assert "12 framework actions not covered" in main.inner_text()
    primary = main.locator("a.govuk-button:not(.govuk-button--secondary)")
    assert primary.count() == 1 and primary.inner_text() == "Add an action"
    assert primary.get_attribute("href") == f"/plans/{plan.pk}/actions/new/"
    check_a11y(page, "home-planner")
    _narrow_screenshot(page, "home-planner")

    page.goto("/attention/")
    assert page.get_by_role("link", name="Fix 12 gaps in the plan for Plans 2026").is_visible()
    check_a11y(page, "attention-planner")


def test_the_national_team_and_a_viewer_land_on_their_own_home(
    page, awaiting_plan, planning_round, force_b, planner_b_user, coordinator_user, viewer_a_user
):
    plan_b = ActionPlanFactory(force=force_b, round=planning_round)
    cover_framework(plan_b)
    plan_b = services.plan_send_for_signoff(plan=plan_b, actor=planner_b_user)
    ActionPlan.objects.filter(pk=plan_b.pk).update(status=ActionPlan.Status.SUBMITTED,
                                                   submitted_at=datetime.datetime.now(datetime.UTC))
    sign_in(page, coordinator_user.email, PASSWORD)
    main = page.locator("main").inner_text()
    assert "Plans waiting for review" in main and "Force B Police" in main and "Headline figures" in main
    assert page.get_by_role("link", name="See every force on the compliance dashboard").is_visible()
    check_a11y(page, "home-coordinator")
    _narrow_screenshot(page, "home-coordinator")
    page.goto("/attention/")
    assert page.get_by_role("link", name="Review 1 submitted plan").is_visible()
    check_a11y(page, "attention-coordinator")

    page.context.clear_cookies()
    sign_in(page, viewer_a_user.email, PASSWORD)
    main = page.locator("main").inner_text()
    assert "Force A Constabulary action plan for Plans 2026" in main and "Awaiting sign-off" in main
    check_a11y(page, "home-viewer")
