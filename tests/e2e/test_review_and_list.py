"""
Issue 11, the daily work, in a real browser with the shared checks (axe, HTML_CodeSniffer, 320 px
reflow, error links): the review page of a plan with a dozen actions, the confirmation it asks
before approving, the approval comment on the approved plan with its reference linked, the
"changed since returned" page, the plans list with its filters in the URL and its empty state,
and every main page at 390 px with no sideways scrolling and "Sign out" on one line.
"""

import datetime

import pytest

from action_plans import services
from action_plans.models import ActionPlan, ReviewComment
from tests.action_plans.factories import ActionPlanFactory, PlanningRoundFactory, build_framework, cover_framework
from tests.conftest import PASSWORD

from .conftest import SCREENSHOTS, check_a11y, sign_in

S = ActionPlan.Status


@pytest.fixture
def submitted(force_a, force_b, coordinator_user, planner_a_user, chief_a_user):
    """Force A's plan of 12 actions, submitted, and Force B's draft in the same round."""
    framework = build_framework(title="National framework for delivery")
    planning_round = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title="Plans 2026",
                                          due_on=datetime.date.today() + datetime.timedelta(days=40))
    planning_round.forces.set([force_a, force_b])
    plan = ActionPlanFactory(force=force_a, round=planning_round, lead_chief_officer="CC Ada Chief")
    for n, action in enumerate(cover_framework(plan, prefix="P"), start=1):
        action.owner_team, action.lead_officer = "Public protection", "DCI Reid"
        action.start_on, action.target_on = datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)
        action.rag, action.progress = ["red", "amber", "green", ""][n % 4], n * 5
        action.save()
    ActionPlanFactory(force=force_b, round=planning_round)
    services.plan_send_for_signoff(plan=plan, actor=planner_a_user)
    services.plan_sign_off(plan=plan, actor=chief_a_user, name="Ada Chief", rank="Chief Constable",
                           signed_on=datetime.date.today(), statement="Signed off.")
    return services.plan_submit(plan=plan, actor=planner_a_user)


def _shot(page, name: str) -> None:
    """Screenshots at 1280 and 390 px, for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def test_review_asks_before_approving_and_the_plan_shows_the_approval(page, submitted, coordinator_user):
    sign_in(page, coordinator_user.email, PASSWORD)
    page.goto(f"/plans/{submitted.pk}/review/")
    first = page.locator(".app-review-action").first
    assert "Public protection" in first.inner_text() and "DCI Reid" in first.inner_text()
    assert "1 Apr 2026 to 31 Mar 2027" in first.inner_text()
    assert page.locator(".app-review-action").count() == 12
    _shot(page, "review")
    check_a11y(page, "review")

    page.get_by_label("Overall comment").fill("A clear plan. P-002 is a model for other forces.")
    page.get_by_role("button", name="Approve plan").click()
    assert "Confirm that you have reviewed the plan and approve it" in page.locator(".govuk-error-summary").inner_text()
    check_a11y(page, "review-approve-unconfirmed")
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED

    page.get_by_label("I have reviewed the plan and confirm it is approved").check()
    page.get_by_role("button", name="Approve plan").click()
    assert page.locator("h1").inner_text() == "Plan approved"
    submitted.refresh_from_db()
    assert submitted.status == S.APPROVED

    page.goto(f"/plans/{submitted.pk}/")
    approval = page.locator("#approval")
    assert "Approved by Nia Coordinator" in approval.inner_text()
    approval.get_by_role("link", name="P-002").click()
    assert "P-002" in page.locator("h1").inner_text() or "P-002" in page.locator("main").inner_text()
    page.go_back()
    _shot(page, "plan-approved")
    check_a11y(page, "plan-approved")


def test_changes_since_returned_after_a_resubmission(page, submitted, coordinator_user, planner_a_user, chief_a_user):
    plan = services.plan_return(plan=submitted, actor=coordinator_user, comment="Rework P-003 and add a partner",
                                action_comments={})
    action = plan.actions.get(reference="P-003")
    services.action_update(action=action, expected_version=action.lock_version, actor=planner_a_user,
                           title="Sharper work with partners", rag="green")
    services.action_create(plan=plan, actor=planner_a_user, reference="P-013", title="New partnership",
                           pillar=action.pillar, framework_actions=list(action.framework_actions.all()))
    for comment in ReviewComment.objects.filter(plan=plan):
        services.comment_answer(comment=comment, actor=planner_a_user, response="Done: see P-013")
    services.plan_send_for_signoff(plan=plan, actor=planner_a_user)
    services.plan_sign_off(plan=plan, actor=chief_a_user, name="Ada Chief", rank="Chief Constable",
                           signed_on=datetime.date.today(), statement="Signed off.")
    services.plan_submit(plan=plan, actor=planner_a_user)

    sign_in(page, coordinator_user.email, PASSWORD)
    page.goto(f"/plans/{plan.pk}/review/")
    assert page.get_by_role("link", name="P-013").count() >= 1  # the answer's reference links
    page.get_by_role("link", name="See what changed since it was returned").click()
    main = page.locator("main").inner_text()
    assert "1 action added" in main and "1 action changed" in main and "Sharper work with partners" in main
    _shot(page, "plan-changes")
    check_a11y(page, "plan-changes")


def test_plans_list_filters_in_the_url_and_an_empty_state(page, submitted, planner_a_user, coordinator_user):
    sign_in(page, coordinator_user.email, PASSWORD)
    page.goto("/plans/")
    assert page.locator("tbody tr").count() == 2
    _shot(page, "plans-list")
    check_a11y(page, "plans-list")
    page.get_by_label("Status").select_option("submitted")
    page.get_by_role("button", name="Apply filters").click()
    assert "status=submitted" in page.url
    assert page.locator("tbody tr").count() == 1
    page.get_by_label("Status").select_option("superseded")
    page.get_by_role("button", name="Apply filters").click()
    assert "No plans match these filters." in page.locator("#plans-empty").inner_text()
    check_a11y(page, "plans-list-empty")

    # A planner sees their own force's plan first, marked as theirs.
    page.context.clear_cookies()
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto("/plans/")
    assert "Your force" in page.locator("tbody tr").first.inner_text()


MAIN_PAGES = [
    "/", "/plans/", "/plans/{plan}/", "/plans/{plan}/actions/", "/plans/{plan}/review/",
    "/plans/{plan}/actions/{action}/", "/plans/{plan}/actions/{action}/history/", "/plans/{plan}/timeline/",
    "/plans/{plan}/changes-since-returned/", "/plans/needs-update/", "/attention/", "/frameworks/",
    "/frameworks/{framework}/", "/toolkit/", "/performance/", "/compliance/", "/reports/", "/accounts/account/",
]

SIGN_OUT_HEIGHT = """() => {
    const button = [...document.querySelectorAll("header button")].find(b => b.textContent.trim() === "Sign out");
    const style = getComputedStyle(button);
    return {height: button.getBoundingClientRect().height, line: parseFloat(style.lineHeight),
            fontSize: parseFloat(style.fontSize)};
}"""


def _sign_out_on_one_line(page, where: str) -> None:
    """Open the collapsed menu on a small screen, then assert "Sign out" is one line high."""
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    sign_out = page.evaluate(SIGN_OUT_HEIGHT)
    line = sign_out["line"] or sign_out["fontSize"] * 1.25
    assert 0 < sign_out["height"] < line * 1.5, f"Sign out wraps {where}: {sign_out}"


def test_every_main_page_fits_390_px_and_sign_out_stays_on_one_line(page, submitted, coordinator_user):
    action = submitted.actions.order_by("reference").first()
    sign_in(page, coordinator_user.email, PASSWORD)
    values = {"plan": submitted.pk, "action": action.pk, "framework": submitted.round.framework.slug}
    page.set_viewport_size({"width": 390, "height": 800})
    for template in MAIN_PAGES:
        url = template.format(**values)
        response = page.goto(url)
        assert response.status < 400, (url, response.status)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= 390, f"{url} is {scroll_width} px wide at 390 px"
        _sign_out_on_one_line(page, f"on {url} at 390 px")
    for width in (320, 768, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/plans/")
        _sign_out_on_one_line(page, f"at {width} px")
        page.screenshot(path=str(SCREENSHOTS / f"header-{width}.png"))
    # The favicon the page names is served, and so is /favicon.ico, which browsers ask for anyway.
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(href).status == 200
    assert page.request.get("/favicon.ico").status == 200
