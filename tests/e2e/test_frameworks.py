from frameworks import reference
from tests.conftest import PASSWORD

from .conftest import check_a11y, sign_in


def test_planner_reads_the_frameworks_and_compares_them(page, planner_a_user):
    reference.load()
    sign_in(page, planner_a_user.email, PASSWORD)

    page.get_by_role("link", name="Frameworks").first.click()
    assert page.locator("h1").inner_text() == "National frameworks"
    check_a11y(page, "frameworks-list")

    page.get_by_role("link", name="national framework for delivery (Year 1)").click()
    pillars = page.locator("section.app-pillar h2").all_inner_texts()
    assert [text.splitlines()[-1] for text in pillars] == [
        "Build trust and confidence",
        "Relentless perpetrator pursuit",
        "Safer spaces",
    ]
    assert "Reconstructed from public sources" in page.locator(".app-reconstruction-notice").inner_text()
    check_a11y(page, "framework-2021")

    page.get_by_role("link", name="Frameworks", exact=True).first.click()
    page.get_by_role("link", name="national framework for delivery 2024 to 2027").click()
    assert page.locator("h1").inner_text().endswith("2024 to 2027")
    assert "Takes over work from" in page.locator("#pillar-protect").inner_text()
    check_a11y(page, "framework-2024")

    page.get_by_role("link", name="Compare with VAWG framework 2021 (Year 1)").click()
    assert page.locator("h1").inner_text() == "Compare frameworks"
    assert "Actions carried over" in page.locator("main").inner_text()
    check_a11y(page, "framework-compare")


def test_the_compare_form_shows_an_error_for_the_same_framework_twice(page, planner_a_user):
    reference.load()
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto("/frameworks/compare/")
    check_a11y(page, "framework-compare-form")

    page.get_by_label("Compare from").select_option("vawg-framework-2024:1.0")
    page.get_by_label("Compare to").select_option("vawg-framework-2024:1.0")
    page.get_by_role("button", name="Compare").click()

    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    check_a11y(page, "framework-compare-error")
