"""
Every operation for every persona, in the browser session and with a personal token (issue 13):
the same answer both ways, the expected refusal for each role, and the same refusal as the page
that does the same thing.

Expected answers: 2xx allowed; 409 allowed by role but refused by the object's state (the service
says no); 403 seen but not allowed; 404 not visible (another force's unpublished work); 401 not
signed in.
"""

import pytest

from .conftest import PERSONAS

A, CA, B, CO, AN = PERSONAS
# persona -> status, for each operation; "anonymous" is always 401 except on public reads.
READ_ALL = {A: 200, CA: 200, B: 200, CO: 200, AN: 200}
READ_OWN_DRAFT = {A: 200, CA: 200, B: 404, CO: 200, AN: 200}
CHANGE_OWN_DRAFT = {A: 200, CA: 200, B: 404, CO: 403, AN: 403}
NATIONAL_ONLY = {A: 403, CA: 403, B: 403, CO: 200, AN: 200}


def _operations(w):
    d, ap, period = w["draft"], w["approved"], w["period"]
    act, ap_act = w["draft_action"], w["approved_action"]
    ret = f"/api/v1/performance/returns/force-a/{period.slug}/"
    fw = w["framework"]
    return [
        # (name, method, url, body, needs If-Match from GET url, expected, page url for the same rule)
        ("forces", "get", "/api/v1/forces/", None, None, READ_ALL, None),
        ("frameworks", "get", "/api/v1/frameworks/", None, None, READ_ALL, None),
        ("framework", "get", f"/api/v1/frameworks/{fw.slug}/{fw.version}/", None, None, READ_ALL, None),
        ("plans", "get", "/api/v1/plans/", None, None, READ_ALL, "/plans/"),
        ("draft plan", "get", f"/api/v1/plans/{d.pk}/", None, None, READ_OWN_DRAFT, f"/plans/{d.pk}/"),
        ("draft actions", "get", f"/api/v1/plans/{d.pk}/actions/", None, None, READ_OWN_DRAFT,
         f"/plans/{d.pk}/actions/"),
        ("draft action", "get", f"/api/v1/plans/{d.pk}/actions/{act.pk}/", None, None, READ_OWN_DRAFT,
         f"/plans/{d.pk}/actions/{act.pk}/"),
        ("draft comments", "get", f"/api/v1/plans/{d.pk}/comments/", None, None, READ_OWN_DRAFT, None),
        ("approved plan", "get", f"/api/v1/plans/{ap.pk}/", None, None, READ_ALL, f"/plans/{ap.pk}/"),
        ("updates", "get", f"/api/v1/plans/{ap.pk}/actions/{ap_act.pk}/updates/", None, None, READ_ALL, None),
        ("plan details", "put", f"/api/v1/plans/{d.pk}/", {"lead_chief_officer": "CC Smith", "foreword": "F"},
         f"/api/v1/plans/{d.pk}/", CHANGE_OWN_DRAFT, f"/plans/{d.pk}/details/"),
        ("change action", "patch", f"/api/v1/plans/{d.pk}/actions/{act.pk}/", {"title": "New title"},
         f"/api/v1/plans/{d.pk}/actions/{act.pk}/", CHANGE_OWN_DRAFT, f"/plans/{d.pk}/actions/{act.pk}/edit/"),
        ("add action", "post", f"/api/v1/plans/{d.pk}/actions/",
         {"reference": "M-1", "title": "Added", "pillar": act.pillar.code}, None,
         {A: 201, CA: 201, B: 404, CO: 403, AN: 403}, f"/plans/{d.pk}/actions/new/"),
        ("post progress", "post", f"/api/v1/plans/{ap.pk}/actions/{ap_act.pk}/updates/",
         {"on": "2020-01-01", "narrative": "On track", "rag": "green", "progress": 40}, None,
         {A: 201, CA: 201, B: 403, CO: 403, AN: 403}, f"/plans/{ap.pk}/actions/{ap_act.pk}/progress/"),
        ("submit unsigned", "post", f"/api/v1/plans/{d.pk}/submit/", {}, None,
         {A: 409, CA: 409, B: 404, CO: 403, AN: 403}, f"/plans/{d.pk}/submit/"),
        ("sign off a draft", "post", f"/api/v1/plans/{d.pk}/sign-off/",
         {"name": "CC", "rank": "Chief Constable", "signed_on": "2020-01-01"}, None,
         {A: 403, CA: 409, B: 404, CO: 403, AN: 403}, f"/plans/{d.pk}/sign-off/"),
        ("approve a draft", "post", f"/api/v1/plans/{d.pk}/approve/", {}, None,
         {A: 403, CA: 403, B: 404, CO: 409, AN: 403}, f"/plans/{d.pk}/review/"),
        ("return a draft", "post", f"/api/v1/plans/{d.pk}/return/", {"comment": "More."}, None,
         {A: 403, CA: 403, B: 404, CO: 409, AN: 403}, f"/plans/{d.pk}/review/"),
        ("periods", "get", "/api/v1/performance/periods/", None, None, READ_ALL, None),
        ("measures", "get", "/api/v1/performance/measures/", None, None, READ_ALL, None),
        ("returns", "get", "/api/v1/performance/returns/", None, None, READ_ALL, None),
        ("values", "get", "/api/v1/performance/values/", None, None, READ_ALL, None),
        ("draft return", "get", ret, None, None, READ_OWN_DRAFT, f"/performance/returns/force-a/{period.slug}/"),
        ("save return", "put", ret, {"values": []}, ret, CHANGE_OWN_DRAFT, None),
        ("start a return that exists", "post", "/api/v1/performance/returns/",
         {"force": "force-a", "period": period.slug, "values": [{"measure_code": "C2", "value": "7"}]}, None,
         {A: 409, CA: 409, B: 403, CO: 403, AN: 403}, None),
        ("approve a draft return", "post", ret + "approve/", {}, None,
         {A: 403, CA: 403, B: 404, CO: 409, AN: 403}, f"/performance/returns/force-a/{period.slug}/review/"),
        ("reports", "get", "/api/v1/reports/", None, None, READ_ALL, None),
        ("plan pdf", "post", "/api/v1/reports/", {"kind": "plan_pdf", "plan_id": d.pk}, None,
         {A: 202, CA: 202, B: 404, CO: 202, AN: 202}, None),
        ("actions export", "get", "/api/v1/exports/approved-actions.csv", None, None, NATIONAL_ONLY, None),
        ("returns export", "get", "/api/v1/exports/approved-returns.csv", None, None, NATIONAL_ONLY, None),
        # Last: it moves Force A's draft on, for those allowed.
        ("send for sign-off", "post", f"/api/v1/plans/{d.pk}/send-for-signoff/", {}, None, CHANGE_OWN_DRAFT,
         f"/plans/{d.pk}/send-for-sign-off/"),
    ]


def _call(client, method, url, body, etag_url):
    headers = {}
    if etag_url:
        current = client.get(etag_url)
        if current.status_code == 200:
            headers["If-Match"] = current["ETag"]
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("token", [False, True], ids=["session", "token"])
@pytest.mark.parametrize("name", PERSONAS)
def test_every_operation_answers_each_persona_as_the_rules_say(world, persona, name, token):
    client = persona(name, token=token)
    page_client = persona(name)  # the owner in the browser, for the page that does the same thing
    answers = {}
    for op, method, url, body, etag_url, expected, page in _operations(world):
        response = _call(client, method, url, body, etag_url)
        answers[op] = response.status_code
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", op
        if page is not None:
            page_status = page_client.get(page).status_code
            if expected[name] in (403, 404):
                assert page_status == expected[name], f"{op}: the page answers {page_status}"
            else:
                assert page_status == 200, f"{op}: the page refuses ({page_status}) what the API allows"
    assert answers == {op: expected[name] for op, _, _, _, _, expected, _ in _operations(world)}


def test_anonymous_gets_401_everywhere_but_the_public_toolkit(world, persona):
    client = persona("anonymous")
    for op, method, url, body, _, _, _ in _operations(world):
        response = _call(client, method, url, body, None)
        assert response.status_code == 401, op
        assert response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/toolkit/behaviours/").status_code == 200
