"""The account page's API tokens: make one, see it once, use it, revoke it (issue 13)."""

from django.test import Client

from .conftest import SCREENSHOTS, check_a11y, sign_in


def test_a_planner_makes_uses_and_revokes_an_api_token(page, planner_a_user):
    sign_in(page, planner_a_user.email, "correct-horse-battery")
    page.goto("/accounts/account/")
    assert "You have no API tokens." in page.locator("main").inner_text()
    check_a11y(page, "account-tokens-empty")

    page.get_by_role("button", name="Create token").click()
    assert page.title().startswith("Error: ")
    check_a11y(page, "account-tokens-error")

    page.get_by_label("Token name").fill("Our performance system with a rather long name to wrap")
    page.get_by_label("180 days").check()
    page.get_by_role("button", name="Create token").click()
    raw = page.get_by_test_id("new-token").inner_text().strip()
    assert raw.startswith("vawg_")
    check_a11y(page, "account-tokens-created")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"account-tokens-created-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    assert Client().get("/api/v1/forces/", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    page.reload()
    assert raw not in page.content()

    page.get_by_role("button", name="Revoke token Our performance system").click()
    assert "revoked" in page.locator(".govuk-notification-banner").inner_text()
    assert Client().get("/api/v1/forces/", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    check_a11y(page, "account-tokens-revoked")
