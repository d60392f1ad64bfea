"""
Fixtures for the framework tests. Reference data comes from the shipped loader, as the app loads it.

- frameworks: the two shipped frameworks (2021, then 2024 mapping from it), loaded by frameworks.reference.load().
- no_role: a signed-in user without a role (e.g. a new account awaiting set-up). Sees no framework (403).
- framework_data: a small valid framework file as a dict, for validation and loading cases.
"""

import copy

import pytest

from frameworks import reference
from frameworks.models import Framework
from tests.factories import NationalUserFactory

SMALL_FRAMEWORK = {
    "slug": "test-framework",
    "version": "1.0",
    "title": "Test framework",
    "status": "draft",
    "pillars": [
        {
            "code": "A",
            "title": "Pillar A",
            "outcomes": [
                {
                    "code": "A.1",
                    "title": "Outcome A.1",
                    "actions": [
                        {"code": "A.1.1", "text": "Do the first thing", "audience": "forces"},
                        {
                            "code": "A.1.2",
                            "text": "Do the national thing",
                            "audience": "national",
                            "requirement": "recommended",
                        },
                    ],
                }
            ],
        },
        {
            "code": "B",
            "title": "Pillar B",
            "outcomes": [
                {"code": "B.1", "title": "Outcome B.1", "actions": [{"code": "B.1.1", "text": "Do the second thing"}]}
            ],
        },
    ],
}


@pytest.fixture
def framework_data():
    return copy.deepcopy(SMALL_FRAMEWORK)


@pytest.fixture
def frameworks(db):
    reference.load()
    return {
        "2021": Framework.objects.get(slug="vawg-framework-2021", version="1.0"),
        "2024": Framework.objects.get(slug="vawg-framework-2024", version="1.0"),
    }


@pytest.fixture
def no_role(db):
    from django.test import Client

    user = NationalUserFactory(email="norole@example.com", role="")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
