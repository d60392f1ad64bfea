"""
Performance returns in a real browser, with axe on every page and each page checked at 320px:
a planner enters figures (one wrong, then corrected), saves a draft, explains a missing figure
and submits; the coordinator returns it, the planner resubmits, the coordinator approves; then the
force, measure, completeness, lock exception, import and peer group pages.
"""

import pytest

from performance import views
from performance.models import ImportJob, Return, ReturnValue
from tests.conftest import PASSWORD
from tests.performance.conftest import build_measure_set, full_figures, make_locked_period, make_open_period, store

from .conftest import check_a11y, sign_in

WIDER_THAN_SCREEN = """(() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll("main *"))
    .filter(e => !e.parentElement.closest(".app-table-scroll") && e.getBoundingClientRect().right > width + 0.5)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`);
})()"""


def fits_320(page, name: str) -> None:
    """
    Nothing in the page's main content runs past a 320px screen (wide tables scroll inside their
    own region). The shared header belongs to the layout and is not checked here.
    """
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_timeout(50)
    wider = page.evaluate(WIDER_THAN_SCREEN)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert wider == [], f"{name}: wider than 320px: {wider}"


def check(page, name: str) -> None:
    check_a11y(page, name)
    fits_320(page, name)


def _switch(page, email):
    page.context.clear_cookies()
    sign_in(page, email, PASSWORD)


@pytest.fixture
def measure_set(db):
    return build_measure_set()


@pytest.fixture
def open_period(measure_set):
    return make_open_period(measure_set)


@pytest.fixture
def locked_period(measure_set):
    return make_locked_period(measure_set)


@pytest.fixture
def history(force_a, force_b, measure_set, open_period, locked_period):
    """Approved figures for both forces in the locked period, so trends, averages and funnels have data."""
    store(force_a, locked_period, full_figures(c1=900, a=500, b=400, c2=90, d1=28), status=Return.Status.APPROVED)
    store(force_b, locked_period, full_figures(c1=1000, a=500, b=500, c2=300, d1=35), status=Return.Status.APPROVED)


def test_return_is_entered_submitted_returned_and_approved(
    page,
    history,
    force_a,
    open_period,
    planner_a_user,
    coordinator_user,
):
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto("/performance/")
    check(page, "performance-home")
    page.get_by_role("link", name="Not started return for 2026-27 H1").click()
    assert page.locator("h1").inner_text() == "Return for 2026-27 H1"
    check(page, "performance-return-empty")

    # A figure that is not a number and a breakdown that does not add up: nothing is saved.
    page.fill("#id_v_C1", "1000")
    page.locator("summary", has_text="By victim ethnicity").click()
    page.fill("#id_v_C1__a", "600")
    page.fill("#id_v_C1__b", "300")
    page.fill("#id_v_C2", "a hundred")
    page.get_by_role("button", name="Save as draft").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "C2: Enter a whole number, 0 or more" in summary
    check(page, "performance-return-errors")
    page.get_by_role("link", name="C2: Enter a whole number, 0 or more").click()
    assert page.evaluate("document.activeElement.id") == "id_v_C2"
    assert not ReturnValue.objects.filter(return_obj__period=open_period).exists()

    page.fill("#id_v_C2", "100")
    page.get_by_role("button", name="Save as draft").click()
    assert "add up to 900, not the total of 1,000" in page.locator(".govuk-error-summary").inner_text()
    page.fill("#id_v_C1__b", "400")
    page.fill("#id_v_P1", "10")
    page.get_by_role("button", name="Save as draft").click()
    assert "Draft saved" in page.locator("main").inner_text()
    assert Return.objects.get(force=force_a, period=open_period).status == Return.Status.DRAFT

    # Submitting without D1 asks for the reason; with it, the return goes to the national team.
    page.get_by_role("button", name="Save and submit for review").click()
    assert "Enter D1, or give the reason it is missing" in page.locator(".govuk-error-summary").inner_text()
    page.fill("#id_n_D1", "Days to charge are not recorded until the new case system")
    page.get_by_role("button", name="Save and submit for review").click()
    ret = Return.objects.get(force=force_a, period=open_period)
    assert ret.status == Return.Status.SUBMITTED
    check(page, "performance-return-submitted")

    # The coordinator returns it with a comment.
    _switch(page, coordinator_user.email)
    page.goto("/performance/completeness/")
    check(page, "performance-completeness")
    page.goto(f"/performance/returns/{force_a.code}/{open_period.slug}/review/")
    check(page, "performance-review")
    page.get_by_label("Return it to the force with comments").check()
    page.get_by_label("Comments for the force").fill("Please check C2 against the charging data.")
    page.get_by_role("button", name="Confirm").click()
    ret.refresh_from_db()
    assert ret.status == Return.Status.RETURNED

    # The planner sees the comment and resubmits; the coordinator approves.
    _switch(page, planner_a_user.email)
    page.goto(f"/performance/returns/{force_a.code}/{open_period.slug}/")
    assert "Please check C2 against the charging data." in page.locator("main").inner_text()
    page.fill("#id_v_C2", "120")
    page.fill("#id_v_P1", "12")
    page.get_by_role("button", name="Save and submit for review").click()
    ret.refresh_from_db()
    assert ret.status == Return.Status.SUBMITTED
    _switch(page, coordinator_user.email)
    page.goto(f"/performance/returns/{force_a.code}/{open_period.slug}/review/")
    page.get_by_label("Approve the return").check()
    page.get_by_role("button", name="Confirm").click()
    ret.refresh_from_db()
    assert ret.status == Return.Status.APPROVED
    check(page, "performance-return-approved")
    page.goto(f"/performance/returns/{force_a.code}/{open_period.slug}/history/")
    assert "Approved" in page.locator("table").inner_text()
    check(page, "performance-return-history")


def test_performance_pages_pass_axe(
    monkeypatch,
    page,
    history,
    force_a,
    force_b,
    open_period,
    locked_period,
    planner_a_user,
    coordinator_user,
):
    store(force_a, open_period, full_figures(d1=31))
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto(f"/performance/forces/{force_a.code}/")
    assert page.locator("svg.app-chart").count() >= 4
    check(page, "performance-force")
    page.goto(f"/performance/measures/P1/?period={locked_period.slug}")
    assert page.locator("svg.app-chart").count() == 1
    assert "Force B Police: above the 99.8% limit" in page.locator("main").inner_text()
    check(page, "performance-measure")
    page.goto("/performance/import/")
    check(page, "performance-import")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "figures.csv",
                "mimeType": "text/csv",
                "buffer": b"force_code,period,measure_code,breakdown,value,note\nforce-b,2026-27 H1,D1,,3,\n",
            }
        ],
    )
    page.get_by_role("button", name="Upload and check the file").click()
    assert "You can only upload figures for your own force" in page.locator("#row-errors ~ div table").inner_text()
    check(page, "performance-import-errors")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "figures.csv",
                "mimeType": "text/csv",
                "buffer": b"force_code,period,measure_code,breakdown,value,note\nforce-a,2026-27 H1,D1,,33,\n",
            }
        ],
    )
    page.get_by_role("button", name="Upload and check the file").click()
    assert page.locator("h1").inner_text() == "Figures imported"
    check(page, "performance-import-done")

    # A bigger file goes to a background job whose page shows its progress.
    monkeypatch.setattr(views, "IMPORT_JOB_ROWS", 1)
    page.goto("/performance/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "big.csv",
                "mimeType": "text/csv",
                "buffer": b"force_code,period,measure_code,breakdown,value,note\nforce-a,2026-27 H1,D1,,34,\n",
            }
        ],
    )
    page.get_by_role("button", name="Upload and check the file").click()
    assert page.locator("h1").inner_text() == "Import of big.csv"
    assert "0 figures added, 1 changed" in page.locator("#import-job-status").inner_text()
    check(page, "performance-import-job-done")
    waiting = ImportJob.objects.create(requested_by=planner_a_user, filename="waiting.csv", content=b"", rows=9000)
    page.goto(f"/performance/import/jobs/{waiting.pk}/")
    assert "This page updates itself" in page.locator("main").inner_text()
    check(page, "performance-import-job-waiting")
    page.goto("/performance/peers/")
    check(page, "performance-peers")

    page.context.clear_cookies()
    sign_in(page, coordinator_user.email, PASSWORD)
    page.goto(f"/performance/periods/{locked_period.slug}/exceptions/")
    check(page, "performance-exceptions")
    page.get_by_role("button", name="Grant the exception").click()
    assert page.title().startswith("Error: ")
    check(page, "performance-exceptions-errors")
