"""
Passwords are hashed with Argon2id at OWASP's parameters; an older PBKDF2 hash, or an Argon2 hash
with Django's heavier defaults, still signs in and is rehashed then.
"""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, get_hasher, make_password
from django.urls import reverse

from accounts.hashers import PortalArgon2PasswordHasher
from tests.conftest import PASSWORD

PORTAL = "accounts.hashers.PortalArgon2PasswordHasher"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


@pytest.fixture
def project_hashers(settings):
    settings.PASSWORD_HASHERS = [PORTAL, PBKDF2]


def _sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def test_a_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(client, planner_a_user, project_hashers):
    planner_a_user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    planner_a_user.save()
    assert _sign_in(client, planner_a_user).status_code == 302
    planner_a_user.refresh_from_db()
    assert planner_a_user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert planner_a_user.check_password(PASSWORD)


def test_an_argon2_hash_with_djangos_defaults_is_rehashed_lighter(client, planner_a_user, project_hashers):
    planner_a_user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    planner_a_user.save()
    assert "m=102400" in planner_a_user.password
    assert _sign_in(client, planner_a_user).status_code == 302
    planner_a_user.refresh_from_db()
    assert "m=19456,t=2,p=1" in planner_a_user.password


def test_new_passwords_use_the_portal_hasher(planner_a_user, project_hashers):
    planner_a_user.set_password("another-long-secret-7")
    assert planner_a_user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(get_hasher("argon2"), PortalArgon2PasswordHasher)
