"""
The national compliance pages in a real browser: every page through the shared accessibility
checks (axe, HTML_CodeSniffer, 320px reflow), and the overview's filters and sorting keeping their
state in the URL, with JavaScript and without it.
"""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.compliance.conftest import add_plan, build_forces, framework, period, planning_round  # noqa: F401
from tests.conftest import PASSWORD

from .conftest import check_a11y, sign_in


@pytest.fixture
def national_picture(planning_round, period, force_a, force_b):  # noqa: F811 (fixtures imported above)
    add_plan(force_a, planning_round, status="approved", actions=4, covered=4)
    add_plan(force_b, planning_round, status="draft", actions=3, covered=1)
    build_forces(planning_round, period, 8)
    return planning_round


def _query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _filter_and_sort(page) -> None:
    page.goto("/compliance/")
    page.get_by_label("Region").select_option("North West")
    page.get_by_label("Plan status").select_option("draft")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert _query(page) == {"region": "North West", "status": "draft", "sort": "force"}
    page.get_by_role("link", name="Coverage", exact=True).click()
    page.wait_for_load_state()
    assert _query(page) == {"region": "North West", "status": "draft", "sort": "coverage"}
    page.get_by_role("link", name="Coverage", exact=True).click()
    page.wait_for_load_state()
    assert _query(page)["sort"] == "-coverage"
    # The form still shows the filters, and applying it again keeps the sort.
    assert page.get_by_label("Plan status").input_value() == "draft"
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert _query(page) == {"region": "North West", "status": "draft", "sort": "-coverage"}
    rows = page.locator("#forces tbody tr[data-force]")
    for i in range(rows.count()):
        assert "Draft" in rows.nth(i).inner_text()


def test_every_compliance_page_passes_the_accessibility_checks(page, national_picture, coordinator_user,
                                                               planner_a_user):
    sign_in(page, coordinator_user.email, PASSWORD)
    page.goto("/compliance/")
    check_a11y(page, "compliance-overview")
    page.goto("/compliance/?region=North+West&sort=-red")
    check_a11y(page, "compliance-overview-filtered")
    page.goto("/compliance/heatmap/")
    check_a11y(page, "compliance-heatmap")
    page.goto("/compliance/timeline/")
    check_a11y(page, "compliance-timeline")
    page.goto("/compliance/forces/force-a/")
    check_a11y(page, "compliance-force")
    fa = national_picture.framework.actions.filter(audience="forces").order_by("pk").first()
    page.goto(f"/compliance/good-practice/?action={fa.pk}")
    check_a11y(page, "compliance-good-practice")
    page.context.clear_cookies()
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto("/compliance/forces/force-a/")
    check_a11y(page, "compliance-force-own")


def test_filters_and_sorting_keep_their_state_in_the_url(page, national_picture, coordinator_user):
    sign_in(page, coordinator_user.email, PASSWORD)
    _filter_and_sort(page)


def test_filters_and_sorting_work_without_javascript(browser, live_server, transactional_db, national_picture,
                                                    coordinator_user):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, coordinator_user.email, PASSWORD)
        _filter_and_sort(page)
    finally:
        context.close()


def test_the_force_filter_finds_a_force_by_another_name(page, national_picture, coordinator_user, force_a):
    force_a.aliases = "FAC"
    force_a.save()
    sign_in(page, coordinator_user.email, PASSWORD)
    page.goto("/compliance/")
    page.get_by_label("Force", exact=True).fill("fac")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert _query(page)["force"] == "fac"
    assert page.locator("#forces tbody tr[data-force]").count() == 1
    assert "Force A Constabulary" in page.locator("#forces tbody").inner_text()
    check_a11y(page, "compliance-overview-force-filter")
