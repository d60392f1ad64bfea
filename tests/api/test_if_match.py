"""
Every write that takes If-Match refuses a stale ETag with a 412 and changes nothing (issue 13);
the review comment answer takes it optionally: none is fine, the current one is fine, an old one is 412.
"""

import datetime

import pytest
from django.utils import timezone

from action_plans import services
from action_plans.api import comment_etag
from action_plans.models import ActionPlan, ReviewComment
from performance.models import Return
from tests.action_plans.factories import drive_to

PRECONDITION_FAILED = "urn:vawg-portal:problem:precondition-failed"


def _plan_ops(w):
    d = w["draft"]
    signed = {"name": "CC Smith", "rank": "Chief Constable", "signed_on": "2020-01-01"}
    return [
        # (name, persona, method, url, body)
        ("plan details", "planner_a", "put", f"/api/v1/plans/{d.pk}/", {"lead_chief_officer": "CC", "foreword": "F"}),
        ("send for sign-off", "planner_a", "post", f"/api/v1/plans/{d.pk}/send-for-signoff/", {}),
        ("sign off", "chief_a", "post", f"/api/v1/plans/{d.pk}/sign-off/", signed),
        ("send back", "chief_a", "post", f"/api/v1/plans/{d.pk}/send-back/", {"comment": "Not yet."}),
        ("submit", "planner_a", "post", f"/api/v1/plans/{d.pk}/submit/", {}),
        ("return", "coordinator", "post", f"/api/v1/plans/{d.pk}/return/", {"comment": "More."}),
        ("approve", "coordinator", "post", f"/api/v1/plans/{d.pk}/approve/", {}),
    ]


PLAN_OPS = ["plan details", "send for sign-off", "sign off", "send back", "submit", "return", "approve"]


@pytest.mark.parametrize("op", PLAN_OPS)
def test_a_stale_etag_on_a_plan_write_is_412_and_changes_nothing(world, request, op):
    name, persona, method, url, body = next(o for o in _plan_ops(world) if o[0] == op)
    client = request.getfixturevalue(persona)
    plan_url = f"/api/v1/plans/{world['draft'].pk}/"
    etag = client.get(plan_url)["ETag"]
    # Another client changes the plan after this one read it.
    ActionPlan.objects.filter(pk=world["draft"].pk).update(updated_at=timezone.now() + datetime.timedelta(seconds=1))
    before = ActionPlan.objects.get(pk=world["draft"].pk)
    response = getattr(client, method)(url, body, content_type="application/json", headers={"If-Match": etag})
    assert response.status_code == 412, name
    assert response.json()["type"] == PRECONDITION_FAILED
    after = ActionPlan.objects.get(pk=world["draft"].pk)
    assert (after.status, after.updated_at, after.lead_chief_officer) == (
        before.status, before.updated_at, before.lead_chief_officer)


def test_plan_details_need_if_match_and_take_the_current_one(world, planner_a):
    url = f"/api/v1/plans/{world['draft'].pk}/"
    body = {"lead_chief_officer": "CC Jones", "foreword": "Our plan."}
    assert planner_a.put(url, body, content_type="application/json").status_code == 428
    etag = planner_a.get(url)["ETag"]
    response = planner_a.put(url, body, content_type="application/json", headers={"If-Match": etag})
    assert response.status_code == 200
    assert ActionPlan.objects.get(pk=world["draft"].pk).lead_chief_officer == "CC Jones"


def test_a_workflow_step_with_the_current_etag_goes_ahead(world, planner_a):
    url = f"/api/v1/plans/{world['draft'].pk}/"
    read = planner_a.get(url)["ETag"]
    response = planner_a.post(url + "send-for-signoff/", {}, content_type="application/json",
                              headers={"If-Match": read})
    assert response.status_code == 200
    assert response.json()["status"] == ActionPlan.Status.AWAITING_SIGNOFF
    # The answer carries the new version to go on with; the one read before is now stale.
    assert response["ETag"] == planner_a.get(url)["ETag"] != read


@pytest.mark.parametrize("step", ["approve", "send-back"])
def test_a_stale_etag_on_a_return_review_is_412(world, coordinator, step):
    Return.objects.filter(pk=world["return_a"].pk).update(status=Return.Status.SUBMITTED)
    url = f"/api/v1/performance/returns/force-a/{world['period'].slug}/"
    etag = coordinator.get(url)["ETag"]
    Return.objects.filter(pk=world["return_a"].pk).update(updated_at=timezone.now() + datetime.timedelta(seconds=1))
    response = coordinator.post(url + f"{step}/", {"comment": "Check C2."}, content_type="application/json",
                                headers={"If-Match": etag})
    assert response.status_code == 412
    assert response.json()["type"] == PRECONDITION_FAILED
    assert Return.objects.get(pk=world["return_a"].pk).status == Return.Status.SUBMITTED


@pytest.fixture
def returned_comment(world, planner_a_user, chief_a_user, coordinator_user):
    plan = drive_to(world["draft"], ActionPlan.Status.SUBMITTED, planner=planner_a_user, chief=chief_a_user,
                    coordinator=coordinator_user)
    services.plan_return(plan=plan, actor=coordinator_user, comment="Say more about prevention.")
    return ReviewComment.objects.get(plan=plan)


def test_the_comment_answer_takes_if_match_optionally_and_refuses_a_stale_one(returned_comment, planner_a):
    comment = returned_comment
    url = f"/api/v1/plans/{comment.plan_id}/comments/{comment.pk}/answer/"
    unanswered = comment_etag(comment)
    # If-Match is optional on this step: no 428 without it.
    first = planner_a.post(url, {"response": "First answer."}, content_type="application/json")
    assert first.status_code == 200
    assert first["ETag"] != unanswered
    # A client that read the comment before that answer holds a stale version.
    stale = planner_a.post(url, {"response": "Overwrite."}, content_type="application/json",
                           headers={"If-Match": unanswered})
    assert stale.status_code == 412
    assert stale.json()["type"] == PRECONDITION_FAILED
    assert ReviewComment.objects.get(pk=comment.pk).response == "First answer."
    # The current version goes ahead and gives the next one.
    current = planner_a.post(url, {"response": "Better answer."}, content_type="application/json",
                             headers={"If-Match": first["ETag"]})
    assert current.status_code == 200
    assert current.json()["response"] == "Better answer."
    assert current["ETag"] == comment_etag(ReviewComment.objects.get(pk=comment.pk))
