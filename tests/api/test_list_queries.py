"""Every list endpoint costs the same number of queries for 1 row a page or 100 (issue 13)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from action_plans.models import LocalAction, ProgressUpdate
from performance.models import Return
from tests.factories import ForceFactory
from tests.performance.conftest import full_figures, store


@pytest.fixture
def crowded(world, planner_a_user):
    """More rows than a page of 100 on every list."""
    pillar = world["draft_action"].pillar
    LocalAction.objects.bulk_create([
        LocalAction(plan=world["draft"], reference=f"X-{n:03d}", title="x", pillar=pillar) for n in range(110)
    ])
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(action=world["approved_action"], on=timezone.localdate(), author=planner_a_user,
                       narrative="n", progress=n % 100) for n in range(110)
    ])
    for n in range(20):
        store(ForceFactory(code=f"extra-{n}"), world["period"], full_figures(), status=Return.Status.APPROVED)
    return world


def _lists(w):
    return [
        "/api/v1/forces/",
        "/api/v1/frameworks/",
        "/api/v1/plans/",
        f"/api/v1/plans/{w['draft'].pk}/actions/",
        f"/api/v1/plans/{w['approved'].pk}/actions/{w['approved_action'].pk}/updates/",
        f"/api/v1/plans/{w['draft'].pk}/comments/",
        "/api/v1/performance/returns/",
        "/api/v1/performance/values/",
        "/api/v1/reports/",
        "/api/v1/toolkit/behaviours/",
    ]


def test_list_endpoints_take_a_fixed_number_of_queries(crowded, coordinator, django_assert_num_queries):
    for url in _lists(crowded):
        with CaptureQueriesContext(connection) as small:
            assert coordinator.get(url, {"page_size": 1}).status_code == 200
        with django_assert_num_queries(len(small.captured_queries)):
            response = coordinator.get(url, {"page_size": 100})
        assert response.status_code == 200, url
        assert len(small.captured_queries) <= 12, (url, [q["sql"][:120] for q in small.captured_queries])


def test_a_full_page_of_actions_really_is_full(crowded, coordinator):
    body = coordinator.get(f"/api/v1/plans/{crowded['draft'].pk}/actions/", {"page_size": 100}).json()
    assert len(body["results"]) == 100 and body["next"]
