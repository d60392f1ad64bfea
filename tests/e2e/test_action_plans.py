"""
A plan from first draft to approval in a real browser, passing axe on every page visited:
the planner drafts an action and marks the last gap not applicable, sends the plan for sign-off;
the chief officer signs off and submits; the coordinator returns it with comments; the planner
answers, the plan is signed off and resubmitted; the coordinator approves it.
"""

import datetime

import pytest

from action_plans import services
from action_plans.models import ActionPlan, LocalAction, ReviewComment
from frameworks.models import FrameworkAction
from tests.action_plans.factories import ActionPlanFactory, LocalActionFactory, PlanningRoundFactory, build_framework
from tests.conftest import PASSWORD

from .conftest import check_a11y, sign_in


@pytest.fixture
def draft(force_a, force_b, coordinator_user):
    """Force A's draft covering every framework action but 3.2.1 and 3.2.2."""
    framework = build_framework(title="National framework for delivery")
    planning_round = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title="Plans 2022",
                                          due_on=datetime.date.today() + datetime.timedelta(days=30))
    planning_round.forces.set([force_a, force_b])
    plan = ActionPlanFactory(force=force_a, round=planning_round)
    fas = FrameworkAction.objects.filter(framework=framework, audience="forces").select_related("outcome")
    for n, fa in enumerate(fas.exclude(code__in=["3.2.1", "3.2.2"]).order_by("pk"), start=1):
        action = LocalActionFactory(plan=plan, reference=f"P{fa.code[0]}-{n:02d}", title=f"Local work on {fa.code}",
                                    pillar_id=fa.outcome.pillar_id, outcome=fa.outcome, owner_team="Safeguarding")
        action.framework_actions.add(fa)
    return plan


def _switch(page, email):
    page.context.clear_cookies()
    sign_in(page, email, PASSWORD)


def _date(page, prefix, day):
    page.fill(f'input[name="{prefix}_0"]', str(day.day))
    page.fill(f'input[name="{prefix}_1"]', str(day.month))
    page.fill(f'input[name="{prefix}_2"]', str(day.year))


def _sign_off(page, plan_url):
    page.goto(plan_url)
    page.get_by_role("link", name="Sign off", exact=True).click()
    _date(page, "signed_on", datetime.date.today())
    page.get_by_label("Rank").fill("Deputy Chief Constable")
    page.get_by_role("button", name="Sign off plan").click()
    assert page.locator("h1").inner_text() == "Plan signed off"


def test_plan_goes_from_draft_to_approval(page, draft, planner_a_user, chief_a_user, coordinator_user):
    plan_url = f"/plans/{draft.pk}/"

    # The planner finds the plan, sees its two gaps and covers them.
    _switch(page, planner_a_user.email)
    page.get_by_role("link", name="Action plans").first.click()
    check_a11y(page, "plans-list")
    page.get_by_role("link", name="Force A Constabulary").click()
    assert "Framework actions not yet covered (2)" in page.locator("main").inner_text()
    check_a11y(page, "plan-overview-draft")
    page.get_by_role("link", name="Add an action for 3.2.1").click()
    page.get_by_role("button", name="Save action").click()
    assert page.title().startswith("Error: ")
    check_a11y(page, "action-form-errors")
    page.get_by_label("Reference").fill("P3-20")
    page.get_by_label("Title").fill("Patrol the night-time economy with licensing partners")
    page.get_by_role("button", name="Save action").click()
    assert "Action P3-20 added" in page.locator("main").inner_text()
    page.get_by_role("link", name="mark not applicable (3.2.2)").click()
    check_a11y(page, "exemption-form")
    page.get_by_label("Why does this action not apply to your force?").fill("No ports or airports in our area.")
    page.get_by_role("button", name="Mark not applicable").click()
    assert "Framework actions not yet covered" not in page.locator("main").inner_text()

    page.get_by_role("link", name="View all 11 actions").click()
    check_a11y(page, "plan-actions")
    page.get_by_label("RAG status").select_option("none")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="P3-20 Patrol the night-time economy with licensing partners").click()
    check_a11y(page, "action-detail")
    page.get_by_role("link", name="Edit action").click()
    check_a11y(page, "action-edit")
    page.get_by_label("Owner team").fill("Neighbourhood policing")
    page.get_by_role("button", name="Save action").click()
    page.get_by_role("link", name="History of changes to this action").click()
    assert "Neighbourhood policing" in page.locator("main").inner_text()
    check_a11y(page, "action-history")

    page.goto(plan_url)
    page.get_by_role("link", name="Send for sign-off").click()
    check_a11y(page, "check-before-signoff")
    page.get_by_role("button", name="Send for sign-off").click()
    assert page.locator("h1").inner_text() == "Plan sent for sign-off"
    check_a11y(page, "confirmation")

    # The chief officer looks at sending it back, then signs off and submits.
    _switch(page, chief_a_user.email)
    page.goto(plan_url)
    page.get_by_role("link", name="Send back").click()
    check_a11y(page, "send-back")
    page.goto(plan_url)
    page.get_by_role("link", name="Sign off", exact=True).click()
    check_a11y(page, "sign-off")
    _sign_off(page, plan_url)
    page.goto(plan_url)
    page.get_by_role("link", name="Submit plan").click()
    check_a11y(page, "check-before-submit")
    page.get_by_role("button", name="Submit plan").click()
    assert page.locator("h1").inner_text() == "Plan submitted"

    # The coordinator returns it with an overall comment and one on an action.
    _switch(page, coordinator_user.email)
    page.goto(plan_url)
    page.get_by_role("link", name="Review plan").click()
    check_a11y(page, "review")
    page.get_by_role("button", name="Return to force").click()
    assert "Enter an overall comment for the force" in page.locator(".govuk-error-summary").inner_text()
    check_a11y(page, "review-errors")
    page.get_by_label("Overall comment").fill("Add a success measure for P3-20.")
    page.get_by_label("Comment on P3-20").fill("Who are the licensing partners?")
    page.get_by_role("button", name="Return to force").click()
    assert page.locator("h1").inner_text() == "Plan returned to the force"

    # The planner answers both comments and sends the plan on again.
    _switch(page, planner_a_user.email)
    page.goto(plan_url)
    check_a11y(page, "plan-overview-returned")
    page.get_by_role("link", name="Answer comment 1").click()
    check_a11y(page, "answer-comment")
    page.get_by_label("Your answer").fill("Success measure added.")
    page.get_by_role("button", name="Save answer").click()
    page.get_by_role("link", name="Answer comment 2").click()
    page.get_by_label("Your answer").fill("The council licensing team and pubwatch.")
    page.get_by_role("button", name="Save answer").click()
    page.get_by_role("link", name="Send for sign-off").click()
    page.get_by_role("button", name="Send for sign-off").click()
    assert page.locator("h1").inner_text() == "Plan sent for sign-off"
    _switch(page, chief_a_user.email)
    _sign_off(page, plan_url)
    _switch(page, planner_a_user.email)
    page.goto(f"/plans/{draft.pk}/submit/")
    page.get_by_role("button", name="Submit plan").click()
    assert page.locator("h1").inner_text() == "Plan submitted"

    # The coordinator approves it; the timeline shows every step.
    _switch(page, coordinator_user.email)
    page.goto(f"/plans/{draft.pk}/review/")
    page.get_by_label("I have reviewed the plan and confirm it is approved").check()
    page.get_by_role("button", name="Approve plan").click()
    assert page.locator("h1").inner_text() == "Plan approved"
    page.goto(f"/plans/{draft.pk}/timeline/")
    check_a11y(page, "timeline")
    assert page.locator(".app-timeline__item").count() == 8

    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.APPROVED
    assert ReviewComment.objects.filter(plan=draft, response="").count() == 0
    assert LocalAction.objects.get(plan=draft, reference="P3-20").owner_team == "Neighbourhood policing"


def test_delivery_revision_round_and_stale_edit_pages(page, draft, planner_a_user, chief_a_user, coordinator_user):
    for code in ["3.2.1", "3.2.2"]:
        fa = FrameworkAction.objects.get(framework=draft.round.framework, code=code)
        services.exemption_set(plan=draft, framework_action=fa, reason="Not applicable", actor=planner_a_user)

    # A stale edit: the chief saves while the planner has the form open.
    _switch(page, planner_a_user.email)
    action = draft.actions.order_by("reference").first()
    page.goto(f"/plans/{draft.pk}/actions/{action.pk}/edit/")
    services.action_update(action=action, expected_version=action.lock_version, actor=chief_a_user,
                           title="The chief's title")
    page.get_by_label("Title").fill("The planner's title")
    page.get_by_role("button", name="Save action").click()
    assert "changed by someone else" in page.locator(".govuk-error-summary").inner_text()
    assert "The chief's title" in page.locator("#stale-versions").inner_text()
    check_a11y(page, "action-stale-edit")
    page.goto(f"/plans/{draft.pk}/actions/{action.pk}/delete/")
    check_a11y(page, "action-delete")
    page.goto(f"/plans/{draft.pk}/details/")
    check_a11y(page, "plan-details")

    from tests.action_plans.factories import drive_to

    drive_to(draft, ActionPlan.Status.APPROVED, planner=planner_a_user, chief=chief_a_user,
             coordinator=coordinator_user)
    page.goto(f"/plans/{draft.pk}/actions/{action.pk}/")
    page.get_by_role("link", name="Post a progress update").click()
    check_a11y(page, "progress-form")
    _date(page, "on", datetime.date.today())
    page.get_by_label("What has happened since the last update?").fill("Two operations run with licensing.")
    page.get_by_label("Amber").check()
    page.get_by_label("Progress (%)").fill("30")
    page.get_by_role("button", name="Post update").click()
    assert "Two operations run with licensing." in page.locator(".app-timeline").inner_text()
    page.get_by_role("link", name="Action plans").first.click()
    page.get_by_role("link", name="Actions that need a progress update").click()
    check_a11y(page, "needs-update")
    page.goto(f"/plans/{draft.pk}/")
    check_a11y(page, "plan-overview-approved")
    page.get_by_role("link", name="Start a revision").click()
    check_a11y(page, "start-revision")
    page.get_by_role("button", name="Start a revision").click()
    assert page.locator("h1").inner_text() == "Revision started"

    _switch(page, coordinator_user.email)
    page.goto("/plans/rounds/new/")
    check_a11y(page, "round-open")
    page.get_by_role("button", name="Open round").click()
    check_a11y(page, "round-open-errors")
