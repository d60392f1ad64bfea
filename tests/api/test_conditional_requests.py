"""Safe writes and cheap reads (issue 13): If-Match, Idempotency-Key, updated_since, If-None-Match, gzip, throttles."""

import datetime
import gzip
import json

import pytest
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import IdempotencyKey
from action_plans.models import LocalAction, ProgressUpdate
from performance.models import Return, ReturnValue

from .conftest import token_client


def _action_url(w):
    return f"/api/v1/plans/{w['draft'].pk}/actions/{w['draft_action'].pk}/"


def test_a_change_needs_if_match_428_and_a_stale_one_is_412(world, planner_a):
    url = _action_url(world)
    response = planner_a.patch(url, {"title": "Without If-Match"}, content_type="application/json")
    assert response.status_code == 428
    assert response.json()["type"] == "urn:vawg-portal:problem:precondition-required"

    etag = planner_a.get(url)["ETag"]
    first = planner_a.patch(url, {"title": "First"}, content_type="application/json", headers={"If-Match": etag})
    assert first.status_code == 200 and first.json()["title"] == "First"
    assert first["ETag"] != etag
    # A second client still holding the old ETag does not overwrite the first one's change.
    stale = planner_a.patch(url, {"title": "Second"}, content_type="application/json", headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["type"] == "urn:vawg-portal:problem:precondition-failed"
    assert LocalAction.objects.get(pk=world["draft_action"].pk).title == "First"


def test_a_stale_return_write_is_412(world, planner_a):
    url = f"/api/v1/performance/returns/force-a/{world['period'].slug}/"
    etag = planner_a.get(url)["ETag"]
    Return.objects.filter(pk=world["return_a"].pk).update(updated_at=timezone.now())
    response = planner_a.put(url, {"values": []}, content_type="application/json", headers={"If-Match": etag})
    assert response.status_code == 412


def test_a_repeated_idempotency_key_posts_the_update_once(world, planner_a):
    url = f"/api/v1/plans/{world['approved'].pk}/actions/{world['approved_action'].pk}/updates/"
    body = {"on": str(timezone.localdate()), "narrative": "Half way", "rag": "amber", "progress": 50}
    before = ProgressUpdate.objects.count()
    first = planner_a.post(url, body, content_type="application/json", headers={"Idempotency-Key": "k-1"})
    again = planner_a.post(url, body, content_type="application/json", headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert ProgressUpdate.objects.count() == before + 1
    # The same key with another body is refused; a new key posts again.
    other = planner_a.post(url, {**body, "progress": 60}, content_type="application/json",
                           headers={"Idempotency-Key": "k-1"})
    assert other.status_code == 422
    assert planner_a.post(url, body, content_type="application/json",
                          headers={"Idempotency-Key": "k-2"}).status_code == 201
    assert ProgressUpdate.objects.count() == before + 2
    assert IdempotencyKey.objects.filter(user=planner_a.user).count() == 2


def test_idempotency_keys_are_per_user(world, planner_a, chief_a):
    url = f"/api/v1/plans/{world['approved'].pk}/actions/{world['approved_action'].pk}/updates/"
    body = {"on": str(timezone.localdate()), "narrative": "x", "rag": "green", "progress": 20}
    for client in (planner_a, chief_a):
        assert client.post(url, body, content_type="application/json",
                           headers={"Idempotency-Key": "same"}).status_code == 201
    assert ProgressUpdate.objects.filter(narrative="x").count() == 2


def test_a_repeated_idempotency_key_starts_a_return_once(world, planner_b):
    Return.objects.filter(force__code="force-b").delete()
    body = {"force": "force-b", "period": world["period"].slug,
            "values": [{"measure_code": "C2", "value": "7"}]}
    answers = [planner_b.post("/api/v1/performance/returns/", body, content_type="application/json",
                              headers={"Idempotency-Key": "return-1"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201]
    assert Return.objects.filter(force__code="force-b").count() == 1
    # Without a key the retry is refused as a conflict rather than creating a second return.
    assert planner_b.post("/api/v1/performance/returns/", body, content_type="application/json").status_code == 409
    # Nothing to save is a 400, not an empty return.
    Return.objects.filter(force__code="force-b").delete()
    empty = planner_b.post("/api/v1/performance/returns/", {**body, "values": []}, content_type="application/json")
    assert empty.status_code == 400 and not Return.objects.filter(force__code="force-b").exists()


def test_updated_since_returns_exactly_the_changed_rows(world, coordinator):
    actions = list(world["draft"].actions.order_by("pk"))
    old = timezone.now() - datetime.timedelta(days=2)
    LocalAction.objects.filter(plan=world["draft"]).update(updated_at=old)
    since = timezone.now() - datetime.timedelta(hours=1)
    LocalAction.objects.filter(pk__in=[actions[1].pk, actions[4].pk]).update(updated_at=timezone.now())
    url = f"/api/v1/plans/{world['draft'].pk}/actions/"
    body = coordinator.get(url, {"updated_since": since.isoformat()}).json()
    assert [a["id"] for a in body["results"]] == [actions[1].pk, actions[4].pk]
    # The same for plans and returns.
    plans = coordinator.get("/api/v1/plans/", {"updated_since": timezone.now().isoformat()}).json()
    assert plans["results"] == []
    ret = world["return_a"]
    Return.objects.update(updated_at=old)
    ReturnValue.objects.update(updated_at=old)
    value = ret.values.order_by("pk").first()
    ReturnValue.objects.filter(pk=value.pk).update(updated_at=timezone.now())
    returns = coordinator.get("/api/v1/performance/returns/", {"updated_since": since.isoformat()}).json()
    assert [(r["force"], r["period_slug"]) for r in returns["results"]] == [("force-a", world["period"].slug)]
    values = coordinator.get("/api/v1/performance/values/", {"updated_since": since.isoformat()}).json()
    assert len(values["results"]) == 1 and values["results"][0]["measure_code"] == value.measure.code


@pytest.mark.parametrize("url", ["/api/v1/plans/", "/api/v1/forces/", "PLAN"])
def test_if_none_match_with_the_current_etag_is_a_304(world, coordinator, url):
    url = f"/api/v1/plans/{world['draft'].pk}/" if url == "PLAN" else url
    first = coordinator.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = coordinator.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert coordinator.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_change_gives_a_new_etag_on_the_list(world, coordinator, planner_a):
    url = f"/api/v1/plans/{world['draft'].pk}/actions/"
    etag = coordinator.get(url)["ETag"]
    LocalAction.objects.filter(pk=world["draft_action"].pk).update(title="Changed")
    assert coordinator.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_api_answers_are_gzipped_and_pages_are_not(world, coordinator):
    response = coordinator.get("/api/v1/plans/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["results"]
    page = coordinator.get("/plans/", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in page


def test_unknown_parameters_and_bad_ordering_are_a_400(world, coordinator):
    response = coordinator.get("/api/v1/plans/", {"staus": "draft"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "staus"
    assert coordinator.get("/api/v1/plans/", {"ordering": "force__name"}).status_code == 400
    assert coordinator.get("/api/v1/plans/", {"page_size": "0"}).status_code == 200
    body = coordinator.get("/api/v1/plans/", {"page_size": "1"}).json()
    assert len(body["results"]) == 1 and body["next"]
    assert coordinator.get("/api/v1/plans/", {"cursor": "not-a-cursor"}).status_code == 400


def test_page_size_stops_at_the_documented_maximum(world, coordinator):
    LocalAction.objects.bulk_create([
        LocalAction(plan=world["draft"], reference=f"X-{n:03d}", title="x", pillar=world["draft_action"].pillar)
        for n in range(210)
    ])
    body = coordinator.get(f"/api/v1/plans/{world['draft'].pk}/actions/", {"page_size": "500"}).json()
    assert len(body["results"]) == 200 and body["next"]


def test_each_token_has_its_own_allowance(world, coordinator_user, monkeypatch, settings):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                                               "user": "2/minute"})
    first, second = token_client(coordinator_user), token_client(coordinator_user)
    assert [first.get("/api/v1/forces/").status_code for _ in range(2)] == [200, 200]
    refused = first.get("/api/v1/forces/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused["Content-Type"] == "application/problem+json"
    assert second.get("/api/v1/forces/").status_code == 200


def test_idempotency_keys_are_forgotten_after_a_day(world, planner_a):
    from accounts.tasks import idempotency_keys_expire

    url = f"/api/v1/plans/{world['approved'].pk}/actions/{world['approved_action'].pk}/updates/"
    body = {"on": str(timezone.localdate()), "narrative": "x", "rag": "green", "progress": 20}
    planner_a.post(url, body, content_type="application/json", headers={"Idempotency-Key": "old"})
    planner_a.post(url, body, content_type="application/json", headers={"Idempotency-Key": "new"})
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert idempotency_keys_expire() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_beat_forgets_old_idempotency_keys_hourly():
    from vawg_portal.celery import app

    entry = app.conf.beat_schedule["accounts-idempotency-keys-expire"]
    assert entry["task"] == "accounts.idempotency_keys_expire"


def test_an_action_is_added_once_with_an_idempotency_key(world, planner_a):
    from frameworks.models import FrameworkAction

    url = f"/api/v1/plans/{world['draft'].pk}/actions/"
    fa = FrameworkAction.objects.filter(framework=world["framework"], audience="forces").order_by("pk").first()
    body = {"reference": "API-1", "title": "From our system", "pillar": fa.outcome.pillar.code,
            "outcome": fa.outcome.code, "framework_actions": [fa.code], "target_on": "2030-01-31"}
    first = planner_a.post(url, body, content_type="application/json", headers={"Idempotency-Key": "a-1"})
    again = planner_a.post(url, body, content_type="application/json", headers={"Idempotency-Key": "a-1"})
    assert first.status_code == again.status_code == 201, first.json()
    assert first.json()["framework_actions"] == [fa.code] and first.json()["status"] == "not_started"
    assert LocalAction.objects.filter(plan=world["draft"], reference="API-1").count() == 1
    # A second action with the same reference is the service's rule: a 409.
    clash = planner_a.post(url, body, content_type="application/json")
    assert clash.status_code == 409
    unknown = planner_a.post(url, {**body, "reference": "API-2", "pillar": "P99"}, content_type="application/json")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "pillar"
