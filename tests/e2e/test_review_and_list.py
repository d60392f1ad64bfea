"""
Issue 11, the daily work, in a real browser with the shared checks (axe, HTML_CodeSniffer, 320 px
reflow, error links): the review page of a plan with a dozen actions, the confirmation it asks
before approving, the approval comment on the approved plan with its reference linked, the
"changed since returned" page, the plans list with its filters in the URL and its empty state,
every main page at 390 px with no sideways scrolling and "Sign out" on one line, and the header:
the service's sections in ONE row at 1280 px, the account links in the header, the phone menu with
and without JavaScript.
"""

import datetime

import pytest

from action_plans import services
from action_plans.models import ActionPlan, ReviewComment
from tests.action_plans.factories import ActionPlanFactory, PlanningRoundFactory, build_framework, cover_framework
from tests.conftest import PASSWORD
from toolkit.models import Tactic

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
    other = plan.actions.get(reference="P-004").framework_actions.get()
    tool = Tactic.objects.create(slug="spo-e2e", name="Stalking protection order", kind="civil_order")
    services.action_update(action=action, expected_version=action.lock_version, actor=planner_a_user,
                           title="Sharper work with partners", rag="green",
                           framework_actions=[*action.framework_actions.all(), other], tools=[tool])
    services.exemption_set(plan=plan, framework_action=plan.actions.get(reference="P-005").framework_actions.get(),
                           reason="Covered by the regional unit", actor=planner_a_user)
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
    links = page.locator(f"#link-changes-{action.pk}").inner_text()
    assert other.code in links and "Stalking protection order" in links
    assert "1 not-applicable mark added, 0 removed" in main
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


NAV_ROWS = """() => [...document.querySelectorAll(".govuk-service-navigation__item")].map(li => ({
    text: li.textContent.trim().replace(/\\s+/g, " "), top: li.offsetTop,
}))"""

ACCOUNT_LINKS = """() => [...document.querySelectorAll(".app-header-account__item")].map(li => {
    const box = li.getBoundingClientRect();
    return {text: li.textContent.trim(), top: box.top, height: box.height, right: box.right};
})"""


def test_the_menu_is_one_row_at_1280_px_with_the_account_links_in_the_header(page, submitted, coordinator_user):
    """
    The coordinator sees every section, the longest menu: it is one row at 1280 px (every item at
    the same offsetTop), and "Your account" and "Sign out" sit in the header, not in the menu.
    """
    sign_in(page, coordinator_user.email, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/plans/")
    items = page.evaluate(NAV_ROWS)
    texts = [item["text"] for item in items]
    assert texts[:5] == ["Frameworks", "Action plans", "Performance", "Compliance", "Toolkit"]
    assert texts[5].startswith("Needs your attention")
    assert len({item["top"] for item in items}) == 1, f"the menu wraps at 1280 px: {items}"
    menu = page.get_by_role("navigation", name="Menu")
    assert menu.get_by_role("link", name="Your account").count() == 0
    assert menu.get_by_role("button", name="Sign out").count() == 0
    account = page.get_by_role("navigation", name="Account")
    assert account.get_by_role("link", name="Your account").is_visible()
    assert account.get_by_role("button", name="Sign out").is_visible()
    links = page.evaluate(ACCOUNT_LINKS)
    assert len({link["top"] for link in links}) == 1, links  # side by side, on the service name's row
    logo = page.locator(".govuk-generic-header__homepage-link").bounding_box()
    assert links[0]["top"] < logo["y"] + logo["height"], (links, logo)
    assert links[-1]["right"] > 1000, links  # at the right of the header
    page.screenshot(path=str(SCREENSHOTS / "header-one-row-1280.png"))
    check_a11y(page, "header-one-row-1280")

    account.get_by_role("link", name="Your account").click()
    assert page.locator("h1").inner_text() == "Your account"
    assert page.get_by_role("navigation", name="Account").get_by_role("link", name="Your account") \
        .get_attribute("aria-current") == "page"

    # On a phone the account links show without opening the menu; the menu button reveals every section.
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/plans/")
        page.screenshot(path=str(SCREENSHOTS / f"header-closed-{width}.png"))
        assert page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").is_visible()
        for link in page.evaluate(ACCOUNT_LINKS):
            assert link["right"] <= width, (width, link)
        toggle = page.get_by_role("button", name="Menu")
        assert toggle.is_visible()
        assert not page.get_by_role("link", name="Compliance").is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        for text in ("Frameworks", "Action plans", "Performance", "Compliance", "Toolkit"):
            assert page.get_by_role("navigation", name="Menu").get_by_role("link", name=text).is_visible(), text
        page.screenshot(path=str(SCREENSHOTS / f"header-open-{width}.png"))
    check_a11y(page, "header-menu-open-320")

    # Signing out from the header still works.
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.get_by_role("navigation", name="Account").count() == 0


def test_without_javascript_every_section_and_sign_out_are_reachable_on_a_phone(browser, live_server, submitted,
                                                                               coordinator_user):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 800},
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, coordinator_user.email, PASSWORD)
        page.goto("/plans/")
        assert not page.get_by_role("button", name="Menu").is_visible()
        menu = page.get_by_role("navigation", name="Menu")
        for text in ("Frameworks", "Action plans", "Performance", "Compliance", "Toolkit", "Needs your attention"):
            assert menu.get_by_role("link", name=text).is_visible(), text
        assert page.get_by_role("link", name="Your account").is_visible()
        sign_out = page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out")
        assert sign_out.is_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        page.screenshot(path=str(SCREENSHOTS / "header-no-js-320.png"), full_page=True)
        sign_out.click()
        page.wait_for_load_state()
        assert page.get_by_role("navigation", name="Account").count() == 0
    finally:
        context.close()
