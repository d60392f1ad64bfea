from tests.conftest import PASSWORD

from .conftest import check_a11y, sign_in


def test_sign_in_page_is_accessible(page):
    page.goto("/accounts/login/")
    assert page.locator("h1").inner_text() == "Sign in to VAWG Portal"
    check_a11y(page, "sign-in")


def test_wrong_password_shows_error_summary(page, planner_a_user):
    sign_in(page, planner_a_user.email, "not-the-password")
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    check_a11y(page, "sign-in-error")


def test_planner_signs_in_and_sees_account(page, planner_a_user):
    sign_in(page, planner_a_user.email, PASSWORD)
    assert "Pat Planner" in page.locator("main").inner_text()
    check_a11y(page, "home-signed-in")
    page.get_by_role("link", name="Your account").first.click()
    assert page.locator("h1").inner_text() == "Your account"
    check_a11y(page, "account")
    page.get_by_role("button", name="Sign out").click()
    assert page.url.endswith("/accounts/login/")


def test_static_pages_are_accessible(page):
    for path, name in [("/", "start"), ("/accessibility/", "accessibility"), ("/privacy/", "privacy"),
                       ("/cookies/", "cookies"), ("/accounts/password-reset/", "password-reset")]:
        page.goto(path)
        assert page.locator("h1").count() == 1
        check_a11y(page, name)
