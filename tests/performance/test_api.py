"""The returns API: the same scoping, services and rules as the pages, and the one error shape."""

from decimal import Decimal

import pytest

from performance.models import Return, ReturnValue

from .conftest import full_figures, store

BASE = "/api/v1/performance"


def put(client, url, body):
    """PUT as a careful client does: with If-Match naming the version just read, when there is one."""
    current = client.get(url)
    headers = {"If-Match": current["ETag"]} if current.status_code == 200 else {}
    return client.put(url, body, content_type="application/json", headers=headers)


def values(figures, **notes):
    return [
        {
            "measure_code": code,
            "breakdown": breakdown,
            "value": None if value is None else str(value),
            "note": notes.get(code, ""),
        }
        for (code, breakdown), value in figures.items()
    ]


def test_measures_and_periods_are_listed(planner_a, open_period):
    measures = planner_a.get(f"{BASE}/measures/").json()
    assert [m["code"] for m in measures] == ["C1", "C2", "P1", "D1", "S1"]
    assert measures[2]["numerator"] == "C2" and measures[0]["breakdown_categories"] == ["a", "b"]
    assert planner_a.get(f"{BASE}/periods/").json()[0]["slug"] == open_period.slug


def test_returns_list_shows_approved_returns_and_only_the_callers_drafts(planner_a, force_a, force_b, open_period):
    store(force_a, open_period, full_figures())
    store(force_b, open_period, full_figures(d1=99))
    body = planner_a.get(f"{BASE}/returns/").json()
    assert [(r["force"], r["status"]) for r in body["results"]] == [("force-a", "draft")]
    Return.objects.filter(force=force_b).update(status=Return.Status.APPROVED)
    body = planner_a.get(f"{BASE}/returns/", {"force": "force-b"}).json()
    assert len(body["results"]) == 1 and body["next"] is None
    assert {"measure_code": "D1", "breakdown": "", "value": "99.000", "note": "", "flag": "", "flag_detail": ""} in (
        body["results"][0]["values"]
    )


def test_another_forces_draft_is_404(planner_b, force_a, open_period):
    store(force_a, open_period, full_figures())
    response = planner_b.get(f"{BASE}/returns/force-a/{open_period.slug}/")
    assert response.status_code == 404
    assert set(response.json()) == {"type", "title", "status", "detail", "instance"}
    assert put(planner_b, f"{BASE}/returns/force-a/{open_period.slug}/", {"values": []}).status_code == 404


def test_planner_saves_and_submits_through_the_api(planner_a, force_a, open_period):
    url = f"{BASE}/returns/force-a/{open_period.slug}/"
    response = put(planner_a, url, {"values": values(full_figures())})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "draft"
    response = put(planner_a, url, {"values": [], "submit": True})
    assert response.status_code == 200
    ret = Return.objects.get()
    assert ret.status == Return.Status.SUBMITTED
    assert ret.values.get(measure__code="P1").value == Decimal("10.0")


def test_bad_figures_answer_400_listing_each_and_save_nothing(planner_a, force_a, open_period):
    body = {
        "values": [
            {"measure_code": "C2", "value": "lots"},
            {"measure_code": "ZZ", "value": 1},
            {"measure_code": "C1", "breakdown": "q", "value": 1},
        ]
    }
    response = put(planner_a, f"{BASE}/returns/force-a/{open_period.slug}/", body)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Some figures are not valid"
    assert body["errors"] == [
        {"field": "", "detail": "Some figures are not valid"},
        {"field": "values", "detail": "C2: Enter a whole number, 0 or more"},
        {"field": "values", "detail": "ZZ: not a measure of 2026-27 H1"},
        {"field": "values", "detail": "C1 (q): not a breakdown of this measure"},
    ]
    assert not ReturnValue.objects.exists()


def test_submit_problems_answer_400(planner_a, force_a, open_period):
    figures = full_figures()
    del figures[("D1", "")]
    response = put(
        planner_a, f"{BASE}/returns/force-a/{open_period.slug}/", {"values": values(figures), "submit": True}
    )
    assert response.status_code == 400
    assert [e["detail"] for e in response.json()["errors"] if e["field"] == "values"] == [
        "D1: Enter D1, or give the reason it is missing"]
    assert Return.objects.get().status == Return.Status.DRAFT


def test_locked_period_answers_409_with_the_reason(planner_a, force_a, locked_period):
    response = put(planner_a, f"{BASE}/returns/force-a/{locked_period.slug}/", {"values": values(full_figures())})
    assert response.status_code == 409
    assert response.json()["detail"].startswith("The period closed on")


@pytest.mark.parametrize("persona", ["viewer_a", "analyst", "coordinator"])
def test_read_only_and_national_roles_cannot_write(request, persona, force_a, open_period):
    store(force_a, open_period, full_figures())
    response = put(request.getfixturevalue(persona), f"{BASE}/returns/force-a/{open_period.slug}/", {"values": []})
    assert response.status_code == 403


def test_anonymous_is_refused(anonymous, open_period):
    response = anonymous.get(f"{BASE}/returns/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_the_list_takes_a_fixed_number_of_queries(
    coordinator, force_a, force_b, open_period, locked_period, django_assert_max_num_queries
):
    for force in (force_a, force_b):
        for period in (open_period, locked_period):
            store(force, period, full_figures())
    with django_assert_max_num_queries(8):
        coordinator.get(f"{BASE}/returns/")


def test_the_list_writes_each_return_as_its_own_page_does(coordinator, force_a, force_b, open_period, locked_period):
    """The list reads its figures as plain rows, the single return as objects: the answers agree."""
    store(force_a, open_period, full_figures())
    store(force_b, locked_period, full_figures(d1=12))
    ReturnValue.objects.filter(return_obj__force=force_a, measure__code="C2").update(
        note="Checked <twice>", flag=ReturnValue.Flag.OUTLIER, flag_detail="Up 40%")
    listed = coordinator.get(f"{BASE}/returns/").json()["results"]
    assert len(listed) == 2
    for item in listed:
        single = coordinator.get(f"{BASE}/returns/{item['force']}/{item['period_slug']}/").json()
        assert item == single
        assert [v["measure_code"] for v in item["values"]][:2] == ["C1", "C1"]  # in the measures' order
    figures = [v for item in listed for v in item["values"]]
    assert any(v["note"] == "Checked <twice>" and v["flag"] == "outlier" for v in figures)


def test_the_coordinator_approves_or_sends_back_a_submitted_return(coordinator, planner_a, force_a, open_period):
    url = f"{BASE}/returns/force-a/{open_period.slug}/"
    assert put(planner_a, url, {"values": values(full_figures()), "submit": True}).status_code == 200
    refused = coordinator.post(url + "send-back/", {"comment": " "}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["detail"] == "Enter comments for the force"
    stale = coordinator.post(url + "approve/", {}, content_type="application/json", headers={"If-Match": '"old"'})
    assert stale.status_code == 412
    response = coordinator.post(url + "approve/", {"comment": "Thank you"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert Return.objects.get().status == Return.Status.APPROVED
    again = coordinator.post(url + "approve/", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["detail"] == "Only a submitted return can be approved"


@pytest.mark.parametrize(("typed", "count"), [("FBP", 1), ("force b police", 1), ("force-b", 1), ("nowhere", 0)])
def test_the_returns_list_filters_by_a_force_name_or_alias(planner_a, force_a, force_b, open_period, typed, count):
    force_b.aliases = "FBP"
    force_b.save()
    store(force_a, open_period, full_figures())
    store(force_b, open_period, full_figures())
    Return.objects.update(status=Return.Status.APPROVED)
    body = planner_a.get(f"{BASE}/returns/", {"force": typed}).json()
    assert len(body["results"]) == count
    assert all(r["force"] == "force-b" for r in body["results"])
