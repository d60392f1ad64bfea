"""Browser tests of how current the toolkit's law is: Law as at, review warnings, the national review list (#12)."""

import pytest

from tests.conftest import PASSWORD
from toolkit.reference import load

from .conftest import SCREENSHOTS, check_a11y, sign_in


@pytest.fixture
def toolkit(transactional_db):
    from django.core.cache import cache

    cache.clear()
    load()


def _narrow_screenshot(page, name: str) -> None:
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / f"{name}-390.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size(size)


def test_an_entry_shows_law_as_at_its_review_warning_and_the_authority(page, toolkit):
    page.goto("/toolkit/tools/dapn/")
    assert "Law as at November 2026" in page.locator("#law-as-at").inner_text()
    warning = page.locator(".app-review-warning[data-review=date]")
    assert "This entry needs review: The pilot of domestic abuse protection notices" in warning.inner_text()
    disclaimer = page.locator(".app-toolkit-disclaimer")
    assert "guidance, not legal advice" in disclaimer.inner_text()
    assert disclaimer.get_by_role("link", name="legislation.gov.uk").get_attribute("href") == \
        "https://www.legislation.gov.uk/"
    check_a11y(page, "toolkit-law-dapn")
    _narrow_screenshot(page, "toolkit-law-dapn")
    page.goto("/toolkit/offences/fgma-2003-s3a/")
    assert page.locator(".app-review-warning").count() == 1
    check_a11y(page, "toolkit-law-fgm-s3a")


def test_the_national_review_list_is_accessible_and_sorts_without_javascript(browser, live_server, toolkit,
                                                                             coordinator_user):
    for javascript in (True, False):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        page = context.new_page()
        try:
            sign_in(page, coordinator_user.email, PASSWORD)
            page.goto("/toolkit/")
            page.get_by_role("link", name="See the entries due for review").click()
            page.wait_for_url("**/toolkit/review/")
            table = page.locator("#review-list")
            assert "Domestic Abuse Protection Notice (DAPN)" in table.inner_text()
            page.get_by_role("link", name="Entry and why it is due", exact=True).click()
            page.wait_for_url("**/toolkit/review/?sort=name")
            names = table.locator("tbody tr td:first-child > a").all_inner_texts()
            assert names == sorted(names, key=str.casefold)
            assert page.locator("th[aria-sort=ascending]").inner_text() == "Entry and why it is due"
            if javascript:
                check_a11y(page, "toolkit-review-list")
                _narrow_screenshot(page, "toolkit-review-list")
        finally:
            context.close()


def test_a_force_user_is_refused_the_review_list(page, toolkit, planner_a_user):
    sign_in(page, planner_a_user.email, PASSWORD)
    response = page.goto("/toolkit/review/")
    assert response.status == 403
    page.goto("/toolkit/")
    assert page.get_by_role("link", name="See the entries due for review").count() == 0


def test_the_toolkit_searches_without_javascript(browser, live_server, toolkit):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/toolkit/")
        page.locator("#toolkit-q").fill("strangled")
        page.locator("form[role=search].app-toolkit-search").get_by_role("button", name="Search").click()
        page.wait_for_url("**/toolkit/?q=strangled**")
        page.locator("#toolkit-results").get_by_role("link", name="Strangulation or suffocation").first.click()
        assert "Law as at November 2026" in page.locator("#law-as-at").inner_text()
    finally:
        context.close()


def test_search_results_mark_the_entries_that_need_review(page, toolkit):
    # The shipped DAPN and DAPO entries depend on a pilot that ended on 31 March 2026.
    page.goto("/toolkit/?q=domestic+abuse+protection")
    dapn = page.locator("#toolkit-results .app-toolkit-hit").filter(
        has=page.get_by_role("link", name="Domestic Abuse Protection Notice (DAPN)", exact=True)).first
    assert dapn.get_attribute("data-review") == "due"
    assert "Law as at November 2026" in dapn.inner_text()
    review = dapn.locator(".app-toolkit-hit__review")
    assert review.locator(".govuk-tag").inner_text().startswith("Needs review")
    assert "The pilot of domestic abuse protection notices" in review.inner_text()
    assert page.locator("#toolkit-results .app-toolkit-hit:not([data-review])").count() >= 1
    check_a11y(page, "toolkit-search-needs-review")
    _narrow_screenshot(page, "toolkit-search-needs-review")
    page.goto("/toolkit/search/?q=domestic+abuse+protection&group=tools")
    assert page.locator(".app-toolkit-hit[data-review=due] .app-toolkit-hit__review").count() >= 1
    check_a11y(page, "toolkit-search-group-needs-review")
