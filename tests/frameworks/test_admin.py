"""The framework admin: search and list, read-only for published frameworks, saves through the service."""

import pytest
from django.test import Client
from django.urls import reverse

from frameworks.models import Framework
from frameworks.services import framework_load
from tests.factories import NationalUserFactory


@pytest.fixture
def staff(db):
    user = NationalUserFactory(email="admin@example.com", role="", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_it_lists_and_searches_frameworks_and_actions(staff, frameworks):
    response = staff.get(reverse("admin:frameworks_framework_changelist"), {"q": "2024"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [frameworks["2024"]]

    response = staff.get(reverse("admin:frameworks_frameworkaction_changelist"), {"q": "pension"})
    assert response.status_code == 200
    assert {a.code for a in response.context["cl"].result_list} == {"P1.d.3", "PREPARE.a.3"}


def test_a_published_framework_is_read_only(staff, frameworks):
    framework = frameworks["2021"]
    url = reverse("admin:frameworks_framework_change", args=[framework.pk])

    page = staff.get(url)
    post = staff.post(url, {"slug": framework.slug, "version": framework.version, "title": "Edited in admin"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert post.status_code == 403
    framework.refresh_from_db()
    assert framework.title != "Edited in admin"
    action = framework.actions.get(code="P1.a.1")
    assert (
        staff.post(reverse("admin:frameworks_frameworkaction_delete", args=[action.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert framework.actions.filter(code="P1.a.1").exists()


def test_a_draft_action_is_edited_through_the_service(staff, framework_data):
    framework = framework_load(data=framework_data)
    action = framework.actions.get(code="A.1.1")
    url = reverse("admin:frameworks_frameworkaction_change", args=[action.pk])

    response = staff.post(
        url,
        {
            "framework": framework.pk,
            "outcome": action.outcome_id,
            "code": "A.1.1",
            "text": "Edited in admin",
            "audience": "forces",
            "requirement": "required",
            "guidance": "",
            "source_note": "",
            "position": 1,
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.text == "Edited in admin"


def test_publishing_from_the_admin_goes_through_the_service(staff, framework_data):
    framework = framework_load(data=framework_data)

    staff.post(
        reverse("admin:frameworks_framework_changelist"),
        {
            "action": "publish",
            "_selected_action": [framework.pk],
        },
    )

    framework.refresh_from_db()
    assert framework.status == Framework.Status.PUBLISHED
