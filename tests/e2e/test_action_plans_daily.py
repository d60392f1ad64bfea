"""
Issue 11, correctness, in a real browser with the shared checks (axe, HTML_CodeSniffer, 320 px
reflow): a late draft says how overdue it is, a signed-off plan says so and shows the chief the
next step, the overdue tag matches the overdue filter, the needs-update page explains an empty
list, and importing into a plan that cannot change says why.
"""

import datetime

import pytest

from action_plans import services
from action_plans.models import ActionPlan
from frameworks.models import FrameworkAction
from tests.action_plans.factories import ActionPlanFactory, LocalActionFactory, PlanningRoundFactory, build_framework
from tests.conftest import PASSWORD

from .conftest import check_a11y, sign_in

TODAY = datetime.date.today()


@pytest.fixture
def late_plan(force_a, coordinator_user):
    """Force A's gap-free draft, due 3 days ago, with one action overdue at 0% and one not yet due."""
    framework = build_framework(title="National framework for delivery")
    planning_round = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title="Plans 2026",
                                          due_on=TODAY - datetime.timedelta(days=3))
    planning_round.forces.set([force_a])
    plan = ActionPlanFactory(force=force_a, round=planning_round)
    fas = FrameworkAction.objects.filter(framework=framework, audience="forces").select_related("outcome")
    for n, fa in enumerate(fas.order_by("pk"), start=1):
        action = LocalActionFactory(
            plan=plan, reference=f"P{fa.code[0]}-{n:02d}", title=f"Local work on {fa.code}",
            pillar_id=fa.outcome.pillar_id, outcome=fa.outcome, start_on=None, progress=0,
            target_on=TODAY - datetime.timedelta(days=1) if n == 1 else TODAY + datetime.timedelta(days=200),
        )
        action.framework_actions.add(fa)
    return plan


def test_late_draft_overdue_tag_and_needs_update_explained(page, late_plan, planner_a_user):
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto("/plans/")
    assert "Overdue by 3 days" in page.locator("main").inner_text()
    check_a11y(page, "daily-plans-list-overdue")
    page.goto(f"/plans/{late_plan.pk}/")
    main = page.locator("main").inner_text()
    assert "Overdue by 3 days" in main and "Next: cover every framework action" in main
    check_a11y(page, "daily-plan-overdue")

    page.goto(f"/plans/{late_plan.pk}/actions/")
    assert page.locator("main strong.govuk-tag", has_text="Overdue").count() == 1
    check_a11y(page, "daily-plan-actions-overdue")
    page.goto(f"/plans/{late_plan.pk}/actions/?overdue=on")
    assert page.locator("main strong.govuk-tag", has_text="Overdue").count() == 1

    page.goto("/plans/needs-update/")
    main = page.locator("main").inner_text()
    assert "No action of an approved plan is waiting for its update this quarter." in main
    assert "1 overdue action" in main
    check_a11y(page, "daily-needs-update-empty")


def test_signed_off_plan_shows_the_chief_what_is_next_and_import_says_why(page, late_plan, planner_a_user,
                                                                          chief_a_user):
    services.plan_send_for_signoff(plan=late_plan, actor=planner_a_user)
    services.plan_sign_off(plan=ActionPlan.objects.get(pk=late_plan.pk), actor=chief_a_user, name="Casey Chief",
                           rank="Chief Constable", signed_on=TODAY, statement="Signed off.")
    sign_in(page, chief_a_user.email, PASSWORD)
    page.goto(f"/plans/{late_plan.pk}/")
    main = page.locator("main").inner_text()
    assert "Signed off" in main and "Awaiting sign-off" not in main
    assert "Next: submit the plan for national review." in main
    assert page.get_by_role("link", name="Submit plan", exact=True).is_visible()
    check_a11y(page, "daily-plan-signed-off")

    page.goto(f"/plans/{late_plan.pk}/import/")
    assert "You cannot import actions while the plan is awaiting sign-off." in page.locator("main").inner_text()
    check_a11y(page, "daily-import-refused")


def test_error_pages_are_govuk_pages(page, late_plan, viewer_a_user):
    sign_in(page, viewer_a_user.email, PASSWORD)
    response = page.goto("/plans/999999/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    check_a11y(page, "daily-error-404")
    response = page.goto(f"/plans/{late_plan.pk}/actions/new/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "You do not have permission to do this"
    check_a11y(page, "daily-error-403")
