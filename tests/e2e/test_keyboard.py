"""
Keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7): a planner signs in, adds an action, marks a gap not
applicable, sends the plan for sign-off and records progress on an approved plan's action, using
nothing but Tab, Shift+Tab, Enter, Space and typing: no mouse clicks and no filling by selector.

`_tab_to` presses Tab until the element wanted has focus, so each step also proves the control is
reachable in the tab order; page.goto is used only where a user would type an address.
"""

import datetime

import pytest

from action_plans import services
from action_plans.models import ActionPlan, LocalAction, ProgressUpdate
from frameworks.models import FrameworkAction
from tests.action_plans.factories import ActionPlanFactory, LocalActionFactory, PlanningRoundFactory, drive_to
from tests.conftest import PASSWORD

from .test_action_plans import draft  # noqa: F401 - a fixture

FOCUSED = """([css, text]) => {
    const el = document.activeElement;
    if (!el || !el.matches(css)) return false;
    if (text === null) return true;
    const label = (el.innerText || el.value || "").replace(/\\s+/g, " ").trim();
    return label.includes(text);
}"""


def _tab_to(page, css: str, text: str | None = None, *, backwards: bool = False, limit: int = 400) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches css (and contains text)."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(FOCUSED, [css, text]):
            return
    pytest.fail(f"could not reach {css} {text or ''} by keyboard on {page.url}")


def _activate(page, css: str, text: str | None = None) -> None:
    """Tab to a link or button and press Enter, waiting for the page it leads to."""
    _tab_to(page, css, text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _type_into(page, css: str, value: str) -> None:
    _tab_to(page, css)
    page.keyboard.press("Control+A")
    page.keyboard.type(value)


@pytest.fixture
def approved(draft, planner_a_user, chief_a_user, coordinator_user):  # noqa: F811 - the imported fixture
    """An approved plan of Force A's from an earlier round, with one action to report on."""
    planning_round = PlanningRoundFactory(framework=draft.round.framework, opened_by=coordinator_user,
                                          title="Plans 2021")
    planning_round.forces.set([draft.force])
    plan = ActionPlanFactory(force=draft.force, round=planning_round)
    LocalActionFactory(plan=plan, reference="P1-01", title="Train response officers",
                       pillar=draft.round.framework.pillars.order_by("position").first())
    for fa in FrameworkAction.objects.filter(framework=draft.round.framework, audience="forces"):
        services.exemption_set(plan=plan, framework_action=fa, reason="Covered elsewhere", actor=planner_a_user)
    return drive_to(plan, ActionPlan.Status.APPROVED, planner=planner_a_user, chief=chief_a_user,
                    coordinator=coordinator_user)


def test_a_planner_does_the_core_tasks_by_keyboard_alone(page, draft, approved, planner_a_user):  # noqa: F811
    page.goto("/accounts/login/")
    _type_into(page, "#id_username", planner_a_user.email)
    _type_into(page, "#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    _activate(page, "a.govuk-service-navigation__link", "Action plans")
    _activate(page, f'a[href="/plans/{draft.pk}/"]')
    _activate(page, "a", "Add an action for 3.2.1")
    _type_into(page, "#id_reference", "P3-30")
    _type_into(page, "#id_title", "Safer routes home from the night-time economy")
    _activate(page, "[type=submit]", "Save action")
    assert "Action P3-30 added" in page.locator("main").inner_text()

    _activate(page, "a", "mark not applicable (3.2.2)")
    _type_into(page, "#id_reason", "No ports or airports in our area.")
    _activate(page, "[type=submit]", "Mark not applicable")
    assert "Framework actions not yet covered" not in page.locator("main").inner_text()

    _activate(page, "a", "Send for sign-off")
    _activate(page, "[type=submit]", "Send for sign-off")
    assert page.locator("h1").inner_text() == "Plan sent for sign-off"

    # Progress on the approved plan's action: a date input, a textarea, radios and a number.
    action = approved.actions.get()
    page.goto(f"/plans/{approved.pk}/actions/{action.pk}/")
    _activate(page, "a", "Post a progress update")
    today = datetime.date.today()
    _type_into(page, "#id_on_0", str(today.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(today.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(today.year))
    _type_into(page, "#id_narrative", "Routes walked with the council.")
    _tab_to(page, 'input[name="rag"]')
    page.keyboard.press("Space")
    _type_into(page, "#id_progress", "40")
    _tab_to(page, "#id_on_0", backwards=True)  # Shift+Tab back to check the date survived
    assert page.evaluate("document.activeElement.value") == str(today.day)
    _activate(page, "[type=submit]", "Post update")
    assert "Routes walked with the council." in page.locator(".app-timeline").inner_text()

    assert LocalAction.objects.filter(plan=draft, reference="P3-30").exists()
    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.AWAITING_SIGNOFF
    update = ProgressUpdate.objects.get(action=action)
    assert (update.on, update.progress, update.narrative) == (today, 40, "Routes walked with the council.")
