"""
Issue 11, the daily work, in a real browser with the shared checks (axe, HTML_CodeSniffer, 320 px
reflow, error links): a planner sees what blocks sign-off, fixes the last gap by linking an existing
action, then (the plan approved) records a quarter's progress for 10 actions in the grid in one
save; the action form narrows its framework actions to the chosen pillar with htmx.
Screenshots at 1280 and 390 px go to test-artifacts/screenshots/.
"""

import datetime

import pytest

from action_plans.models import LocalAction, ProgressUpdate
from frameworks.models import FrameworkAction
from tests.action_plans.factories import (
    ActionPlanFactory,
    LocalActionFactory,
    PlanningRoundFactory,
    build_framework,
    drive_to,
)
from tests.conftest import PASSWORD

from .conftest import SCREENSHOTS, check_a11y, sign_in

TODAY = datetime.date.today()


@pytest.fixture
def ten_action_draft(force_a, coordinator_user):
    """Force A's draft: 10 actions covering every framework action but 1.1.1."""
    framework = build_framework(title="National framework for delivery")
    planning_round = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title="Plans 2026",
                                          due_on=TODAY + datetime.timedelta(days=30))
    planning_round.forces.set([force_a])
    plan = ActionPlanFactory(force=force_a, round=planning_round)
    fas = list(FrameworkAction.objects.filter(framework=framework, audience="forces").exclude(code="1.1.1")
               .select_related("outcome").order_by("pk"))
    for n in range(10):
        fa = fas[n]
        action = LocalActionFactory(plan=plan, reference=f"P{fa.code[0]}-{n + 1:02d}",
                                    title=f"Local work on {fa.code} with partners across the force area",
                                    pillar_id=fa.outcome.pillar_id, outcome=fa.outcome,
                                    target_on=TODAY + datetime.timedelta(days=200))
        action.framework_actions.add(fa, *(fas[10:] if n == 9 else []))
    return plan


def _at_390(page, name):
    """Screenshot the page at 390 px and assert it does not scroll sideways there."""
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-390.png"), full_page=True)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide at 390 px"
    finally:
        page.set_viewport_size(size)


def test_planner_links_a_gap_then_records_a_quarter_in_one_save(page, ten_action_draft, planner_a_user,
                                                                 chief_a_user, coordinator_user):
    plan = ten_action_draft
    plan_url = f"/plans/{plan.pk}/"
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto(plan_url)

    # Blocked: the page says why and "Send for sign-off" is not the primary button.
    blockers = page.locator("#blockers")
    assert "framework actions are not covered: 1.1.1" in blockers.inner_text()
    send = page.get_by_role("link", name="Send for sign-off", exact=True)
    assert "govuk-button--secondary" in send.get_attribute("class")
    check_a11y(page, "grid-plan-blocked")
    _at_390(page, "grid-plan-blocked")
    send.click()
    assert "framework actions are not covered: 1.1.1" in page.locator("#blockers").inner_text()
    button = page.get_by_role("button", name="Send for sign-off")
    assert "govuk-button--secondary" in button.get_attribute("class")
    check_a11y(page, "grid-check-blocked")
    page.goto(plan_url)

    # Fix the gap by linking an existing action; the first try without a choice shows the error.
    page.get_by_role("link", name="link an existing action to 1.1.1").click()
    assert page.locator("h1").inner_text() == "Link an existing action"
    check_a11y(page, "grid-link-action")
    page.get_by_role("button", name="Link action").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose the action that also addresses this framework action" in summary
    check_a11y(page, "grid-link-action-error")
    page.get_by_label("Which of your plan's actions also addresses it?").select_option(label=(
        "P1-01 Local work on 1.1.2 with partners across the force area"))
    page.get_by_role("button", name="Link action").click()
    assert "P1-01 now also addresses 1.1.1" in page.locator("main").inner_text()
    assert page.locator("#gaps").count() == 0 and page.locator("#blockers").count() == 0
    send = page.get_by_role("link", name="Send for sign-off", exact=True)
    assert "govuk-button--secondary" not in send.get_attribute("class")
    check_a11y(page, "grid-plan-ready")

    drive_to(plan, "approved", planner=planner_a_user, chief=chief_a_user, coordinator=coordinator_user)

    # The approved plan offers the grid; a changed row without a comment is refused, nothing saved.
    page.goto(plan_url)
    page.get_by_role("link", name="Record this quarter's progress").click()
    assert page.locator("h1").inner_text() == "Record this quarter's progress"
    check_a11y(page, "grid")
    _at_390(page, "grid")
    actions = list(plan.actions.order_by("reference"))
    assert page.locator("textarea[name^='comment_']").count() == 10
    page.fill(f"#id_progress_{actions[0].pk}", "40")
    page.get_by_role("button", name="Save progress").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert f"Enter a comment on {actions[0].reference}" in summary
    assert f"Select the RAG status of {actions[0].reference}" in summary
    assert not ProgressUpdate.objects.exists()
    check_a11y(page, "grid-errors")
    _at_390(page, "grid-errors")

    # Every one of the 10 actions, in one save.
    for n, action in enumerate(actions):
        page.select_option(f"#id_rag_{action.pk}", ["green", "amber", "red"][n % 3])
        page.fill(f"#id_progress_{action.pk}", str(10 * (n + 1)))
        page.fill(f"#id_comment_{action.pk}", f"Quarter's work on {action.reference}")
    page.get_by_role("button", name="Save progress").click()
    assert "Progress recorded on 10 actions" in page.locator("main").inner_text()
    assert ProgressUpdate.objects.filter(action__plan=plan, on=TODAY).count() == 10
    last = LocalAction.objects.get(pk=actions[9].pk)
    assert (last.progress, last.status, last.rag) == (100, "complete", "green")


def test_action_form_narrows_framework_actions_to_the_chosen_pillar(page, ten_action_draft, planner_a_user):
    plan = ten_action_draft
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto(f"/plans/{plan.pk}/actions/new/")
    assert page.get_by_label("Reference").input_value() == "P1-04"
    assert page.locator("fieldset.app-framework-pillar").count() == 3
    check_a11y(page, "action-form-grouped")
    # The checks leave empty style attributes behind, which htmx would copy onto the swapped-in
    # checkboxes of the same id (a CSP report): start from a fresh copy of the page.
    page.reload()

    page.get_by_label("1.1.1 Force action 1.1.1").check()
    page.get_by_label("Pillar", exact=True).select_option(label="P2 Pillar 2")
    page.wait_for_function("() => document.querySelector('#div_id_framework_actions details') !== null")
    # The suggested reference follows the pillar (swapped in out of band with the framework actions).
    page.wait_for_function("() => document.querySelector('#id_reference').value === 'P2-08'")
    page.get_by_label("Pillar", exact=True).select_option(label="P3 Pillar 3")
    page.wait_for_function("() => document.querySelector('#id_reference').value === 'P3-11'")
    page.get_by_label("Pillar", exact=True).select_option(label="P2 Pillar 2")
    page.wait_for_function("() => document.querySelector('#id_reference').value === 'P2-08'")
    assert page.locator("#div_id_reference").count() == 1
    first_legend = page.locator("#div_id_framework_actions fieldset.app-framework-pillar legend").first
    assert first_legend.inner_text().strip() == "P2 Pillar 2"
    assert "(1 ticked)" in page.locator("#div_id_framework_actions details summary").inner_text()
    assert page.locator("#div_id_framework_actions input[name='framework_actions']:checked").count() == 1
    check_a11y(page, "action-form-narrowed")
    _at_390(page, "action-form-narrowed")

    # A missing title is shown at the field and in the summary; then save and add another.
    page.get_by_label("2.1.1 Force action 2.1.1").check()
    page.get_by_role("button", name="Save and add another").click()
    assert "Enter the action title" in page.locator(".govuk-error-summary").inner_text()
    assert "Enter the action title" in page.locator("#div_id_title").inner_text()
    check_a11y(page, "action-form-errors")
    page.get_by_label("Title").fill("Run joint patrols with licensing partners")
    page.get_by_role("button", name="Save and add another").click()
    assert "Action P2-08 added" in page.locator("main").inner_text()
    assert page.get_by_label("Reference").input_value() == "P2-09"
    added = LocalAction.objects.get(plan=plan, reference="P2-08")
    assert sorted(added.framework_actions.values_list("code", flat=True)) == ["1.1.1", "2.1.1"]

    # A reference the planner typed stays when the pillar changes.
    page.get_by_label("Reference").fill("LIC-1")
    page.get_by_label("Pillar", exact=True).select_option(label="P3 Pillar 3")
    page.wait_for_function(
        "() => document.querySelector('#div_id_framework_actions fieldset.app-framework-pillar legend')"
        ".textContent.trim() === 'P3 Pillar 3'")
    assert page.get_by_label("Reference").input_value() == "LIC-1"
