"""
Bad input answers 400 or 404, never 500; the API answers JSON, even where no endpoint exists
(issue 7, finding 5). Run on SQLite and on PostgreSQL: a NUL byte only breaks PostgreSQL.
"""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from tests.action_plans.factories import FrameworkActionFactory, PlanningRoundFactory, build_framework


@pytest.fixture
def raising_client(db):
    """A client that answers as production does (handler500) instead of re-raising in the test."""
    return Client(raise_request_exception=False)


# --- NUL bytes ------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/api/v1/toolkit/offences/a%00b/",
    "/api/v1/toolkit/behaviours/%00/",
    "/api/v1/toolkit/offences/?search=a%00b",
    "/api/v1/toolkit/tools/?kind=%00",
    "/api/v1/nowhere%00/",
])
def test_a_nul_byte_in_an_api_address_is_a_problem_400(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "The address contains a character that is not allowed (a NUL byte)."
    assert (body["status"], body["title"], body["type"]) == (400, "Bad Request", "about:blank")


@pytest.mark.parametrize("url", [
    "/frameworks/vawg-framework-2021/v/1.0%00/",
    "/frameworks/compare/?from=a%00&to=b",
    "/toolkit/?q=stalk%00ing",
    "/toolkit/offences/a%00b/",
    "/toolkit/curate/off%00ence/x/",
    "/plans/?page=%00",
    "/plans/needs-update/?page=1%00",
    "/accounts/login/?next=/%00",
])
def test_a_nul_byte_in_a_page_address_is_a_400(planner_a, url):
    response = planner_a.get(url)
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()


def test_a_raw_nul_byte_in_the_path_is_a_400(planner_a):
    assert planner_a.get("/frameworks/x/v/1.0\x00/").status_code == 400


def test_a_raw_nul_byte_in_the_query_string_is_a_400(anonymous):
    response = anonymous.get("/toolkit/", QUERY_STRING="q=a\x00b")
    assert response.status_code == 400


def test_the_400_still_carries_the_security_headers(anonymous):
    response = anonymous.get("/api/v1/toolkit/offences/a%00b/")
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


# --- Digits that are not ASCII ------------------------------------------------------------------

@pytest.fixture
def draft_plan(force_a, coordinator_user):
    from action_plans.models import ActionPlan

    framework = build_framework(pillars=1, outcomes_per_pillar=1, actions_per_outcome=1)
    round_ = PlanningRoundFactory(framework=framework, opened_by=coordinator_user)
    return ActionPlan.objects.create(force=force_a, round=round_)


@pytest.mark.parametrize("value", ["²", "٣", "１", "99999999999999999999999", "-1", "1e3", "", "%00x"])
def test_a_framework_action_that_is_not_a_plain_number_is_ignored(planner_a, draft_plan, value):
    url = reverse("action_plans:action-create", args=[draft_plan.pk])
    response = planner_a.get(url, {"framework_action": value})
    assert response.status_code in {200, 400}
    if response.status_code == 200:
        assert "framework_actions" not in response.context["form"].initial


def test_a_plain_number_still_preselects_the_framework_action(planner_a, draft_plan):
    fa = FrameworkActionFactory(outcome=draft_plan.round.framework.pillars.first().outcomes.first(),
                                framework=draft_plan.round.framework)
    url = reverse("action_plans:action-create", args=[draft_plan.pk])
    response = planner_a.get(url, {"framework_action": str(fa.pk)})
    assert response.status_code == 200
    assert response.context["form"].initial["framework_actions"] == [fa.pk]


@pytest.mark.parametrize("url", ["/plans/99999999999999999999/", "/plans/99999999999999999999/actions/1/"])
def test_an_id_too_large_for_the_database_is_a_404(planner_a, url):
    assert planner_a.get(url).status_code == 404


# --- The API answers JSON -----------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/api/", "/api/v1/", "/api/v1/nothing-here/", "/api/v2/toolkit/offences/",
                                 "/api/v1/toolkit/unknown/", "/api/v1/toolkit/offences/a/b/c/"])
def test_an_unknown_api_address_is_a_problem_404(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {"type": "about:blank", "title": "Not Found", "status": 404,
                               "detail": "There is nothing at this address.", "instance": url}


def test_an_unknown_page_is_still_an_html_404(anonymous):
    response = anonymous.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_api_error_on_our_side_is_a_json_500(raising_client):
    with mock.patch("toolkit.api._SearchableViewSet.get_queryset", side_effect=RuntimeError("boom")):
        response = raising_client.get("/api/v1/toolkit/offences/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {"type": "about:blank", "title": "Internal Server Error", "status": 500,
                               "detail": "Something went wrong on our side. Try again later.",
                               "instance": "/api/v1/toolkit/offences/"}


def test_a_page_error_on_our_side_is_still_an_html_500(raising_client):
    with mock.patch("toolkit.views.toolkit_search", side_effect=RuntimeError("boom")):
        response = raising_client.get("/toolkit/", {"q": "stalking"})
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


# --- NUL bytes in a form ------------------------------------------------------------------------

@pytest.mark.parametrize("url, data", [
    ("/accounts/login/", {"username": "planner.a@example.com\x00", "password": "x\x00"}),
    ("/accounts/password-reset/", {"email": "planner.a\x00@example.com"}),
])
def test_a_nul_byte_in_a_signed_out_form_is_a_form_error(anonymous, planner_a_user, url, data):
    response = anonymous.post(url, data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_a_nul_byte_in_a_plan_form_is_a_form_error(planner_a, draft_plan):
    url = reverse("action_plans:plan-details", args=[draft_plan.pk])
    response = planner_a.post(url, {"lead_chief_officer": "A\x00B", "foreword": "x"})
    assert response.status_code == 200
    # The shared form base names the field and refuses every control character, NUL included.
    assert "must not contain line breaks or control characters" in response.content.decode()
    draft_plan.refresh_from_db()
    assert draft_plan.lead_chief_officer == ""
