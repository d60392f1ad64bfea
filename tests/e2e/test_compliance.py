"""
The national compliance pages in a real browser: every page through the shared accessibility
checks (axe, HTML_CodeSniffer, 320px reflow), and the overview's filters and sorting keeping their
state in the URL, with JavaScript and without it.
"""

from urllib.parse import parse_qs, urlparse

import pytest

from reports.models import ReportJob
from tests.compliance.conftest import add_plan, build_forces, framework, period, planning_round  # noqa: F401
from tests.conftest import PASSWORD
from tests.reports.conftest import reports_storage  # noqa: F401 - a private folder per test for report files

from .conftest import SCREENSHOTS, check_a11y, sign_in

# The page's own content (main) must fit the screen without sideways scrolling; wide tables
# scroll inside their region.
WIDE_IN_MAIN = """() => [...document.querySelectorAll('main *')]
  .filter(e => !e.closest('.app-table-scroll') || e.classList.contains('app-table-scroll'))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(e => e.outerHTML.slice(0, 80))"""


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


def test_heatmap_by_outcome_opens_the_plan_at_that_outcome(page, national_picture, coordinator_user, force_a):
    sign_in(page, coordinator_user.email, PASSWORD)
    page.goto("/compliance/heatmap/")
    page.get_by_role("link", name="outcomes", exact=True).click()
    page.wait_for_load_state()
    assert _query(page) == {"by": "outcome"}
    assert page.locator("h1").inner_text() == "Heatmap: forces by outcome"
    check_a11y(page, "compliance-heatmap-outcomes")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"compliance-heatmap-outcomes-{width}.png"), full_page=True)
        assert page.evaluate(WIDE_IN_MAIN) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    row = page.locator(f'#heatmap tr[data-force="{force_a.code}"]')
    first = row.locator("td a").first
    # The value is printed in the cell, not carried by colour alone.
    assert "% covered" in first.inner_text() and "red or amber of" in first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert "outcome" in _query(page)
    assert page.get_by_label("Framework outcome").locator("option:checked").inner_text().startswith("P1.a")
    assert page.locator("#action-count").inner_text() == "2 actions"
    check_a11y(page, "plan-actions-by-outcome")


def test_coordinator_downloads_the_national_compliance_report(page, national_picture, coordinator_user):
    sign_in(page, coordinator_user.email, PASSWORD)
    page.goto("/compliance/")
    page.get_by_role("button", name="Download as PDF").click()
    page.wait_for_load_state()
    assert "/reports/" in page.url
    job = ReportJob.objects.get(kind="national_compliance_pdf", requested_by=coordinator_user)
    # In tests Celery runs eagerly, so the job is made during the request and the page offers the file.
    page.get_by_text("Your report is ready").wait_for()
    assert page.locator("h1").inner_text() == job.title
    assert "page" in page.locator("#file-details").inner_text()
    check_a11y(page, "compliance-report-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_the_national_report_shows_its_progress_while_it_is_made(page, national_picture, coordinator_user):
    job = ReportJob.objects.create(kind="national_compliance_pdf", params={}, title="National compliance report",
                                   requested_by=coordinator_user, status="running", progress=40)
    sign_in(page, coordinator_user.email, PASSWORD)
    page.goto(f"/reports/{job.uuid}/")
    assert page.get_by_text("Progress: 40%").is_visible()
    check_a11y(page, "compliance-report-running")
    # The panel polls: when the job moves on, the page shows it without a reload.
    ReportJob.objects.filter(pk=job.pk).update(progress=80)
    page.get_by_text("Progress: 80%").wait_for(timeout=8000)


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
