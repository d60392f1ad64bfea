"""The workflow through its pages: each step's happy path, and wrong-state refusals shown as GOV.UK errors."""

import datetime

from django.urls import reverse

from action_plans.models import ActionPlan, ReviewComment

S = ActionPlan.Status


def _url(name, plan, *args):
    return reverse(f"action_plans:{name}", args=[plan.pk, *args])


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_send_for_signoff_page_checks_then_confirms(covered_plan_a, planner_a):
    response = planner_a.get(_url("plan-send-for-signoff", covered_plan_a))
    assert "Check your plan before sending it for sign-off" in response.content.decode()
    response = planner_a.post(_url("plan-send-for-signoff", covered_plan_a))
    assert response.status_code == 302
    assert response.url == _url("plan-confirmation", covered_plan_a, "sent-for-signoff")
    covered_plan_a.refresh_from_db()
    assert covered_plan_a.status == S.AWAITING_SIGNOFF
    page = planner_a.get(response.url).content.decode()
    assert "govuk-panel--confirmation" in page and "Plan sent for sign-off" in page


def test_send_for_signoff_with_gaps_shows_the_codes_and_changes_nothing(plan_a, planner_a):
    response = planner_a.post(_url("plan-send-for-signoff", plan_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "1.1.1" in body
    assert response.context["page_title"]
    assert "<title>Error: " in body
    plan_a.refresh_from_db()
    assert plan_a.status == S.DRAFT


def test_chief_signs_off(covered_plan_a, drive, chief_a, chief_a_user):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    data = {"name": "Casey Chief", "rank": "Chief Constable", "statement": "Approved for the force",
            **_date("signed_on", datetime.date(2022, 3, 1))}
    response = chief_a.post(_url("plan-sign-off", plan), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.signed_off_by, plan.signed_off_rank, plan.signed_off_on) == (
        chief_a_user, "Chief Constable", datetime.date(2022, 3, 1))


def test_sign_off_form_errors_are_shown(covered_plan_a, drive, chief_a):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    response = chief_a.post(_url("plan-sign-off", plan), {"name": "", "rank": "", "statement": ""})
    body = response.content.decode()
    assert "Enter your full name" in body and "Enter your rank" in body
    plan.refresh_from_db()
    assert plan.signed_off_on is None


def test_sign_off_of_a_draft_is_refused_on_the_page(covered_plan_a, chief_a):
    data = {"name": "C", "rank": "CC", "statement": "ok", **_date("signed_on", datetime.date(2022, 3, 1))}
    response = chief_a.post(_url("plan-sign-off", covered_plan_a), data)
    assert response.status_code == 200
    assert "You cannot sign off a plan that is draft" in response.content.decode()
    covered_plan_a.refresh_from_db()
    assert covered_plan_a.signed_off_on is None


def test_planner_cannot_sign_off(covered_plan_a, drive, planner_a):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    data = {"name": "P", "rank": "Sgt", "statement": "ok", **_date("signed_on", datetime.date(2022, 3, 1))}
    assert planner_a.post(_url("plan-sign-off", plan), data).status_code == 403
    plan.refresh_from_db()
    assert plan.signed_off_on is None


def test_chief_sends_back_with_a_comment(covered_plan_a, drive, chief_a):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    assert "Enter what needs to change" in chief_a.post(_url("plan-send-back", plan), {"comment": ""}).content.decode()
    response = chief_a.post(_url("plan-send-back", plan), {"comment": "Tighten the dates"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == S.DRAFT
    assert plan.transitions.order_by("-pk").first().comment == "Tighten the dates"


def test_planner_submits_a_signed_off_plan(covered_plan_a, drive, planner_a):
    plan = drive(covered_plan_a, "signed_off")
    response = planner_a.post(_url("plan-submit", plan))
    assert response.url == _url("plan-confirmation", plan, "submitted")
    plan.refresh_from_db()
    assert plan.status == S.SUBMITTED


def test_submit_before_sign_off_is_refused_on_the_page(covered_plan_a, drive, planner_a):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    response = planner_a.post(_url("plan-submit", plan))
    assert "must sign the plan off" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == S.AWAITING_SIGNOFF


def test_viewer_cannot_submit(covered_plan_a, drive, viewer_a):
    plan = drive(covered_plan_a, "signed_off")
    assert viewer_a.post(_url("plan-submit", plan)).status_code == 403
    plan.refresh_from_db()
    assert plan.status == S.AWAITING_SIGNOFF


def test_coordinator_returns_with_overall_and_action_comments(submitted_plan_a, coordinator):
    action = submitted_plan_a.actions.order_by("reference").first()
    response = coordinator.post(_url("plan-review", submitted_plan_a), {
        "comment": "Good start", f"action_{action.pk}": "Add a measure", "return": "Return to force"})
    assert response.url == _url("plan-confirmation", submitted_plan_a, "returned")
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.RETURNED
    assert sorted(ReviewComment.objects.values_list("body", flat=True)) == ["Add a measure", "Good start"]


def test_return_without_an_overall_comment_is_refused(submitted_plan_a, coordinator):
    response = coordinator.post(_url("plan-review", submitted_plan_a), {"comment": "", "return": "Return to force"})
    assert "Enter an overall comment for the force" in response.content.decode()
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.SUBMITTED


def test_coordinator_approves(submitted_plan_a, coordinator):
    response = coordinator.post(_url("plan-review", submitted_plan_a), {"comment": "", "approve": "Approve plan",
                                                                     "confirm_approval": "on"})
    assert response.url == _url("plan-confirmation", submitted_plan_a, "approved")
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.APPROVED


def test_approving_a_draft_is_refused_on_the_page(covered_plan_a, coordinator):
    response = coordinator.post(_url("plan-review", covered_plan_a), {"approve": "Approve plan",
                                                                      "confirm_approval": "on"})
    assert "You cannot approve a plan that is draft" in response.content.decode()
    covered_plan_a.refresh_from_db()
    assert covered_plan_a.status == S.DRAFT


def test_analyst_cannot_review(submitted_plan_a, analyst):
    assert analyst.post(_url("plan-review", submitted_plan_a), {"approve": "Approve plan"}).status_code == 403
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.SUBMITTED


def test_planner_answers_a_review_comment(submitted_plan_a, coordinator, planner_a):
    coordinator.post(_url("plan-review", submitted_plan_a), {"comment": "Say more", "return": "Return"})
    comment = ReviewComment.objects.get()
    url = _url("comment-answer", submitted_plan_a, comment.pk)
    assert "Enter your answer" in planner_a.post(url, {"comment": ""}).content.decode()
    assert planner_a.post(url, {"comment": "Said more"}).status_code == 302
    comment.refresh_from_db()
    assert comment.response == "Said more"
    page = planner_a.get(_url("plan-detail", submitted_plan_a)).content.decode()
    assert "Said more" in page


def test_start_revision_page_creates_a_draft_revision(approved_plan_a, planner_a):
    response = planner_a.post(_url("plan-revise", approved_plan_a))
    revision = ActionPlan.objects.get(supersedes=approved_plan_a)
    assert response.url == _url("plan-confirmation", revision, "revision-started")
    approved_plan_a.refresh_from_db()
    assert approved_plan_a.status == S.APPROVED and revision.status == S.DRAFT
    page = planner_a.get(_url("plan-detail", revision)).content.decode()
    assert "stays in force until this revision is approved" in page


def test_timeline_lists_every_step(approved_plan_a, viewer_a):
    response = viewer_a.get(_url("plan-timeline", approved_plan_a))
    labels = [step.label for step in response.context["transitions"]]
    assert labels == ["Draft to awaiting sign-off", "Signed off", "Awaiting sign-off to submitted",
                      "Submitted to approved"]
    assert "Casey Chief" in response.content.decode()


def test_round_open_page_opens_a_round(coordinator, framework, force_a, force_b):
    data = {"framework": framework.pk, "title": "Plans 2022", "forces": [force_a.pk, force_b.pk],
            **_date("due_on", datetime.date(2022, 3, 31))}
    response = coordinator.post(reverse("action_plans:round-open"), data)
    assert response.status_code == 302
    assert ActionPlan.objects.filter(round__title="Plans 2022").count() == 2


def test_round_open_page_shows_errors(coordinator, framework):
    response = coordinator.post(reverse("action_plans:round-open"), {"framework": framework.pk})
    body = response.content.decode()
    assert "Enter the round title" in body and "Select at least one force" in body
    assert not ActionPlan.objects.exists()


def test_round_open_defaults_to_territorial_forces(coordinator, framework, force_a):
    from tests.factories import ForceFactory

    btp = ForceFactory(code="btp", name="British Transport Police", kind="special")
    other = ForceFactory(code="other-special", name="Civil Nuclear Constabulary", kind="special")
    form = coordinator.get(reverse("action_plans:round-open")).context["form"]
    assert force_a.pk in form.initial["forces"] and btp.pk in form.initial["forces"]
    assert other.pk not in form.initial["forces"]


def test_other_forces_do_not_learn_of_a_draft_revision(approved_plan_a, planner_a, planner_b):
    planner_a.post(_url("plan-revise", approved_plan_a))
    revision = ActionPlan.objects.get(supersedes=approved_plan_a)
    assert _url("plan-detail", revision) in planner_a.get(_url("plan-detail", approved_plan_a)).content.decode()
    assert _url("plan-detail", revision) not in planner_b.get(_url("plan-detail", approved_plan_a)).content.decode()
