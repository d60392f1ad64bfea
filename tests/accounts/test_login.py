import pytest
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD


def _post_login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_it_signs_in_with_email_and_password(client, planner_a_user):
    response = _post_login(client, "PLANNER.A@example.com", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    planner_a_user.refresh_from_db()
    assert planner_a_user.last_login is not None


def test_it_shows_a_govuk_error_for_a_wrong_password(client, planner_a_user):
    response = _post_login(client, planner_a_user.email, "wrong-password")
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a correct email address and password" in body
    assert "<title>Error: Sign in" in body


def test_it_asks_for_missing_fields(client, db):
    body = _post_login(client, "", "").content.decode()
    assert "Enter your email address" in body
    assert "Enter your password" in body


def test_it_locks_the_account_after_repeated_failures(client, planner_a_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, planner_a_user.email, "wrong-password")
    # Even the right password is refused while the account is locked.
    response = _post_login(client, planner_a_user.email, PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert "try again in 30 minutes" in response.content.decode()
    planner_a_user.refresh_from_db()
    assert planner_a_user.last_login is None


def test_lockout_is_per_account_not_per_address(client, planner_a_user, planner_b_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, planner_a_user.email, "wrong-password")
    response = _post_login(client, planner_b_user.email, PASSWORD)
    assert response.status_code == 302


def test_sign_out_needs_a_post(planner_a):
    assert planner_a.get(reverse("accounts:logout")).status_code == 405
    response = planner_a.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert planner_a.get(reverse("accounts:account")).status_code == 302


def test_signed_in_user_is_sent_on_from_the_login_page(planner_a):
    response = planner_a.get(reverse("accounts:login"))
    assert response.status_code == 302


@pytest.mark.parametrize("role,force_needed", [("force_planner", True), ("national_coordinator", False)])
def test_role_and_force_must_agree(db, force_a, role, force_needed):
    from django.core.exceptions import ValidationError

    from accounts.services import user_create

    wrong_force = None if force_needed else force_a
    with pytest.raises(ValidationError):
        user_create(email="x@example.com", full_name="X", role=role, force=wrong_force)
    assert not User.objects.filter(email="x@example.com").exists()
