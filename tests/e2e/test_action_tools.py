"""
The action form's toolkit tools in a real browser: ticked checkboxes for the tools an action uses,
every other tool in one list grouped by kind. Passes axe, and fits 320 CSS px wide.
"""

import pytest

from action_plans import services
from tests.action_plans.factories import ActionPlanFactory, PlanningRoundFactory, build_framework
from tests.conftest import PASSWORD
from toolkit.models import Tactic

from .conftest import check_a11y, sign_in


@pytest.fixture
def action(force_a, coordinator_user, planner_a_user):
    framework = build_framework()
    round_ = PlanningRoundFactory(framework=framework, opened_by=coordinator_user)
    round_.forces.set([force_a])
    plan = ActionPlanFactory(force=force_a, round=round_)
    dvpo = Tactic.objects.create(slug="dvpo-e2e", name="Domestic violence protection order", kind="civil_order")
    Tactic.objects.create(slug="spo-e2e", name="Stalking protection order", kind="civil_order")
    Tactic.objects.create(slug="clare-e2e", name="Domestic violence disclosure scheme", kind="disclosure_scheme")
    pillar = framework.pillars.order_by("position").first()
    return services.action_create(
        plan=plan, actor=planner_a_user, framework_actions=[], tools=[dvpo], reference="P1-01",
        title="Use protection orders", pillar=pillar, status="not_started", progress=0, priority="high",
    )


def test_a_planner_adds_and_removes_tools(page, action, planner_a_user):
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto(f"/plans/{action.plan_id}/actions/{action.pk}/edit/")
    check_a11y(page, "action-edit-tools")
    page.get_by_label("Domestic violence protection order").uncheck()
    page.get_by_label("Add tools").select_option(
        label=["Stalking protection order", "Domestic violence disclosure scheme"]
    )
    page.get_by_role("button", name="Save action").click()
    assert "Action P1-01 saved" in page.locator("main").inner_text()
    assert sorted(action.tools.values_list("name", flat=True)) == [
        "Domestic violence disclosure scheme", "Stalking protection order",
    ]


def test_the_tools_fit_a_narrow_screen(page, action, planner_a_user):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto(f"/plans/{action.plan_id}/actions/{action.pk}/edit/")
    # The tools fieldset and everything in it fit (the header's sign-out button is issue 15's).
    wide = page.evaluate(
        "[...document.querySelectorAll('#div_id_tools, #div_id_tools *')]"
        ".filter(e => e.getBoundingClientRect().right > 320).map(e => e.outerHTML.slice(0, 80))"
    )
    assert wide == []
    check_a11y(page, "action-edit-tools-320")
