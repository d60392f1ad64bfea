"""
The shared cast. Each persona is a signed-in test client or a user; what each may see:

- planner_a / chief_a: force planner and chief officer at Force A. Read and write Force A's work.
- viewer_a: force viewer at Force A. Reads Force A's work, changes nothing.
- planner_b: force planner at Force B. Must never see Force A's drafts (404) or change them.
- coordinator: national coordinator. Reads every force; reviews, returns and approves.
- analyst: national analyst. Reads every force; changes nothing (403 on writes).
- anonymous: not signed in. Sent to the sign-in page.
"""

import os

import pytest
from django.conf import settings

from accounts.models import Role

from .factories import ForceFactory, NationalUserFactory, UserFactory

PASSWORD = "correct-horse-battery"

# In CI a missing service or browser is an error, never a skip.
REQUIRE_SERVICES = os.environ.get("VAWG_REQUIRE_SERVICES") == "1"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Sign-in, reset-email and throttle counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery():
    """Run tasks in-process unless a test starts a real worker (see test_celery_worker)."""
    from vawg_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def force_a(db):
    return ForceFactory(code="force-a", name="Force A Constabulary")


@pytest.fixture
def force_b(db):
    return ForceFactory(code="force-b", name="Force B Police")


@pytest.fixture
def planner_a_user(force_a):
    return UserFactory(email="planner.a@example.com", full_name="Pat Planner", role=Role.FORCE_PLANNER, force=force_a)


@pytest.fixture
def chief_a_user(force_a):
    return UserFactory(email="chief.a@example.com", full_name="Casey Chief", role=Role.CHIEF_OFFICER, force=force_a)


@pytest.fixture
def viewer_a_user(force_a):
    return UserFactory(email="viewer.a@example.com", full_name="Val Viewer", role=Role.FORCE_VIEWER, force=force_a)


@pytest.fixture
def planner_b_user(force_b):
    return UserFactory(email="planner.b@example.com", full_name="Bo Planner", role=Role.FORCE_PLANNER, force=force_b)


@pytest.fixture
def coordinator_user(db):
    return NationalUserFactory(
        email="coordinator@example.com", full_name="Nia Coordinator", role=Role.NATIONAL_COORDINATOR
    )


@pytest.fixture
def analyst_user(db):
    return NationalUserFactory(email="analyst@example.com", full_name="Ash Analyst", role=Role.NATIONAL_ANALYST)


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.user = user
    return client


@pytest.fixture
def planner_a(planner_a_user):
    return _client_for(planner_a_user)


@pytest.fixture
def chief_a(chief_a_user):
    return _client_for(chief_a_user)


@pytest.fixture
def viewer_a(viewer_a_user):
    return _client_for(viewer_a_user)


@pytest.fixture
def planner_b(planner_b_user):
    return _client_for(planner_b_user)


@pytest.fixture
def coordinator(coordinator_user):
    return _client_for(coordinator_user)


@pytest.fixture
def analyst(analyst_user):
    return _client_for(analyst_user)


@pytest.fixture
def anonymous(db):
    from django.test import Client

    return Client()


@pytest.fixture
def login_url():
    return settings.LOGIN_URL
