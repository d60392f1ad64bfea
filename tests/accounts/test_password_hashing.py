"""Passwords are hashed with Argon2; an older PBKDF2 hash still signs in and is upgraded then."""

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from tests.conftest import PASSWORD

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_a_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(client, planner_a_user, settings):
    settings.PASSWORD_HASHERS = [ARGON2, PBKDF2]
    planner_a_user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    planner_a_user.save()
    response = client.post(reverse("accounts:login"), {"username": planner_a_user.email, "password": PASSWORD})
    assert response.status_code == 302
    planner_a_user.refresh_from_db()
    assert planner_a_user.password.startswith("argon2$")
    assert planner_a_user.check_password(PASSWORD)


def test_new_passwords_are_hashed_with_argon2(planner_a_user, settings):
    settings.PASSWORD_HASHERS = [ARGON2, PBKDF2]
    planner_a_user.set_password("another-long-secret-7")
    assert planner_a_user.password.startswith("argon2$")
