"""GOV.UK error pages for 403, 404 and 500 (issue 11); API addresses keep answering JSON."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def raising_client(db):
    return Client(raise_request_exception=False)


def test_a_plan_of_another_force_is_a_govuk_404(plan_a, planner_b):
    response = planner_b.get(reverse("action_plans:plan-detail", args=[plan_a.pk]))
    body = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in body
    assert "<title>Page not found – VAWG Portal</title>" in body
    assert f'href="{reverse("home")}"' in body


def test_an_unknown_address_is_a_govuk_404(anonymous):
    response = anonymous.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_a_page_the_role_may_not_use_is_a_govuk_403(plan_a, viewer_a):
    response = viewer_a.get(reverse("action_plans:action-create", args=[plan_a.pk]))
    body = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-l">You do not have permission to do this</h1>' in body


def test_an_error_on_our_side_is_a_govuk_500(raising_client):
    with mock.patch("toolkit.views.toolkit_search", side_effect=RuntimeError("boom")):
        response = raising_client.get("/toolkit/", {"q": "stalking"})
    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body and "boom" not in body


def test_api_addresses_still_answer_json(anonymous):
    response = anonymous.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json()["detail"] == "There is nothing at this address."
    assert response["Content-Type"] == "application/problem+json"
