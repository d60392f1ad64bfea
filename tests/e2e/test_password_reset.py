import re

from django.core import mail

from .conftest import check_a11y, sign_in


def test_a_user_resets_a_forgotten_password(page, planner_a_user, settings):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="I have forgotten my password").click()
    page.get_by_label("Email address").fill(planner_a_user.email)
    page.get_by_role("button", name="Send reset link").click()
    assert page.locator("h1").inner_text() == "Check your email"
    check_a11y(page, "password-reset-sent")

    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Choose a new password"
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("New password confirmation").fill("different")
    page.get_by_role("button", name="Change password").click()
    assert page.title().startswith("Error: ")
    check_a11y(page, "password-reset-choose-error")

    page.get_by_label("New password", exact=True).fill("a-much-longer-secret-42")
    page.get_by_label("New password confirmation").fill("a-much-longer-secret-42")
    page.get_by_role("button", name="Change password").click()
    assert page.locator("h1").inner_text() == "Your password has been changed"
    check_a11y(page, "password-reset-complete")

    sign_in(page, planner_a_user.email, "a-much-longer-secret-42")
    assert "Pat Planner" in page.locator("main").inner_text()


def test_an_expired_reset_link_says_so(page, db):
    page.goto("/accounts/reset/MQ/not-a-token/")
    assert page.locator("h1").inner_text() == "This link has expired"
    check_a11y(page, "password-reset-expired")


def test_a_locked_account_sees_the_lockout_page(page, planner_a_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, planner_a_user.email, "wrong-password")
    assert page.locator("h1").inner_text() == "Your account is locked"
    check_a11y(page, "locked-out")
