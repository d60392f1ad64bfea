"""Every transition of a plan's workflow, and every refusal, through the services."""

import datetime

import pytest
import time_machine

from action_plans import notifications, services
from action_plans.models import ActionPlan, PlanTransition, ReviewComment
from common.errors import DomainError

from .factories import ActionPlanFactory, LocalActionFactory

S = ActionPlan.Status


@pytest.fixture
def events(monkeypatch):
    """Record the notification events the services send, in place of the notifications module."""
    sent = []
    monkeypatch.setattr(notifications, "plan_event", lambda *, event, plan: sent.append((event, plan.pk)))
    return sent


def _sign_off(plan, chief, **overrides):
    fields = {"name": "Casey Chief", "rank": "Deputy Chief Constable", "signed_on": datetime.date(2022, 3, 1),
              "statement": "I approve this plan."}
    fields.update(overrides)
    return services.plan_sign_off(plan=plan, actor=chief, **fields)


def _last_step(plan):
    return PlanTransition.objects.filter(plan=plan).order_by("-pk").first()


def test_send_for_signoff_moves_a_covered_draft_and_notifies(covered_plan_a, planner_a_user, events,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_send_for_signoff(plan=covered_plan_a, actor=planner_a_user)
    covered_plan_a.refresh_from_db()
    assert covered_plan_a.status == S.AWAITING_SIGNOFF
    step = _last_step(covered_plan_a)
    assert (step.from_status, step.to_status, step.actor) == (S.DRAFT, S.AWAITING_SIGNOFF, planner_a_user)
    assert events == [("signoff_requested", covered_plan_a.pk)]


def test_send_for_signoff_is_refused_with_the_gap_codes(plan_a, planner_a_user, framework):
    fa = framework.actions.filter(code="1.1.1").get()
    action = LocalActionFactory(plan=plan_a, pillar_id=fa.outcome.pillar_id)
    action.framework_actions.add(fa)
    with pytest.raises(DomainError) as error:
        services.plan_send_for_signoff(plan=plan_a, actor=planner_a_user)
    assert "1.1.2" in error.value.message and "3.2.2" in error.value.message
    assert "1.1.1" not in error.value.message
    assert "N.1" not in error.value.message  # national actions are not expected of forces
    plan_a.refresh_from_db()
    assert plan_a.status == S.DRAFT
    assert not PlanTransition.objects.filter(plan=plan_a).exists()


def test_exemptions_close_gaps(plan_a, planner_a_user, framework):
    for fa in framework.actions.filter(audience="forces"):
        services.exemption_set(plan=plan_a, framework_action=fa, reason="Not a policing matter here",
                               actor=planner_a_user)
    services.plan_send_for_signoff(plan=plan_a, actor=planner_a_user)
    plan_a.refresh_from_db()
    assert plan_a.status == S.AWAITING_SIGNOFF


def test_send_for_signoff_is_refused_from_a_submitted_plan(submitted_plan_a, planner_a_user):
    with pytest.raises(DomainError, match="submitted"):
        services.plan_send_for_signoff(plan=submitted_plan_a, actor=planner_a_user)


def test_sign_off_records_who_when_and_statement(covered_plan_a, drive, chief_a_user):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    _sign_off(plan, chief_a_user)
    plan.refresh_from_db()
    assert plan.status == S.AWAITING_SIGNOFF
    assert (plan.signed_off_by, plan.signed_off_name, plan.signed_off_rank) == (
        chief_a_user, "Casey Chief", "Deputy Chief Constable")
    assert plan.signed_off_on == datetime.date(2022, 3, 1)
    assert plan.signoff_statement == "I approve this plan."
    assert _last_step(plan).comment.startswith("Signed off by Casey Chief")


def test_sign_off_is_refused_on_a_draft(covered_plan_a, chief_a_user):
    with pytest.raises(DomainError, match="draft"):
        _sign_off(covered_plan_a, chief_a_user)
    covered_plan_a.refresh_from_db()
    assert covered_plan_a.signed_off_on is None


def test_sign_off_is_refused_twice_and_in_the_future(covered_plan_a, drive, chief_a_user):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    with pytest.raises(DomainError, match="today or in the past"):
        _sign_off(plan, chief_a_user, signed_on=datetime.date.today() + datetime.timedelta(days=1))
    _sign_off(plan, chief_a_user)
    with pytest.raises(DomainError, match="already been signed off"):
        _sign_off(plan, chief_a_user)


def test_send_back_returns_to_draft_with_the_comment(covered_plan_a, drive, chief_a_user):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    services.plan_send_back(plan=plan, actor=chief_a_user, comment="Add the partners for P2")
    plan.refresh_from_db()
    assert plan.status == S.DRAFT
    step = _last_step(plan)
    assert (step.from_status, step.to_status, step.comment) == (S.AWAITING_SIGNOFF, S.DRAFT, "Add the partners for P2")


def test_send_back_needs_a_comment_and_the_right_state(covered_plan_a, drive, chief_a_user):
    with pytest.raises(DomainError, match="draft"):
        services.plan_send_back(plan=covered_plan_a, actor=chief_a_user, comment="No")
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    with pytest.raises(DomainError, match="Enter what needs to change"):
        services.plan_send_back(plan=plan, actor=chief_a_user, comment="  ")
    plan.refresh_from_db()
    assert plan.status == S.AWAITING_SIGNOFF


def test_submit_on_time_is_not_late(covered_plan_a, drive, planner_a_user, events, django_capture_on_commit_callbacks):
    plan = drive(covered_plan_a, "signed_off")
    events.clear()  # the steps before: the events are sent in each step's transaction
    on_time = datetime.datetime(2022, 3, 31, 12, tzinfo=datetime.UTC)
    with time_machine.travel(on_time, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(plan=plan, actor=planner_a_user)
    plan.refresh_from_db()
    assert plan.status == S.SUBMITTED
    assert plan.is_late is False
    assert plan.submitted_at is not None
    assert events == [("submitted", plan.pk)]


def test_submit_after_the_due_date_is_marked_late(covered_plan_a, drive, planner_a_user):
    plan = drive(covered_plan_a, "signed_off")
    with time_machine.travel(datetime.datetime(2022, 4, 1, 12, tzinfo=datetime.UTC), tick=False):
        services.plan_submit(plan=plan, actor=planner_a_user)
    plan.refresh_from_db()
    assert plan.is_late is True
    assert _last_step(plan).comment == "Submitted after the due date"


def test_submit_is_refused_before_sign_off(covered_plan_a, drive, planner_a_user):
    plan = drive(covered_plan_a, S.AWAITING_SIGNOFF)
    with pytest.raises(DomainError, match="must sign the plan off"):
        services.plan_submit(plan=plan, actor=planner_a_user)
    plan.refresh_from_db()
    assert plan.status == S.AWAITING_SIGNOFF


def test_submit_is_refused_on_a_draft(covered_plan_a, planner_a_user):
    with pytest.raises(DomainError, match="draft"):
        services.plan_submit(plan=covered_plan_a, actor=planner_a_user)


def test_submit_is_refused_when_gaps_appear_after_sign_off(covered_plan_a, drive, planner_a_user):
    plan = drive(covered_plan_a, "signed_off")
    # A framework action removed from the last local action behind the workflow's back.
    action = plan.actions.order_by("reference").last()
    code = action.framework_actions.get().code
    action.framework_actions.clear()
    with pytest.raises(DomainError, match=code.replace(".", r"\.")):
        services.plan_submit(plan=plan, actor=planner_a_user)
    plan.refresh_from_db()
    assert plan.status == S.AWAITING_SIGNOFF


def test_return_records_comments_and_clears_sign_off(submitted_plan_a, coordinator_user, events,
                                                     django_capture_on_commit_callbacks):
    action = submitted_plan_a.actions.order_by("reference").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_return(plan=submitted_plan_a, actor=coordinator_user, comment="Say more about P1",
                             action_comments={action.pk: "Which partners?", 0: ""})
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.RETURNED
    assert submitted_plan_a.signed_off_on is None and submitted_plan_a.submitted_at is None
    comments = list(ReviewComment.objects.filter(plan=submitted_plan_a).order_by("pk"))
    assert [(c.action_id, c.body) for c in comments] == [(None, "Say more about P1"), (action.pk, "Which partners?")]
    assert _last_step(submitted_plan_a).comment == "Say more about P1"
    assert events == [("returned", submitted_plan_a.pk)]


def test_return_needs_an_overall_comment_and_a_submitted_plan(submitted_plan_a, covered_plan_a, coordinator_user):
    with pytest.raises(DomainError, match="overall comment"):
        services.plan_return(plan=submitted_plan_a, actor=coordinator_user, comment="")
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.SUBMITTED


def test_return_is_refused_on_a_draft(covered_plan_a, coordinator_user):
    with pytest.raises(DomainError, match="draft"):
        services.plan_return(plan=covered_plan_a, actor=coordinator_user, comment="No")


def test_return_refuses_a_comment_on_another_plans_action(submitted_plan_a, plan_b, coordinator_user):
    other = LocalActionFactory(plan=plan_b)
    with pytest.raises(DomainError, match="not in this plan"):
        services.plan_return(plan=submitted_plan_a, actor=coordinator_user, comment="See", action_comments={
            other.pk: "Hijack"})
    assert not ReviewComment.objects.exists()


def test_returned_plan_goes_on_only_once_comments_are_answered(submitted_plan_a, coordinator_user, planner_a_user,
                                                              chief_a_user, drive):
    services.plan_return(plan=submitted_plan_a, actor=coordinator_user, comment="Add dates")
    with pytest.raises(DomainError, match="Answer every review comment"):
        services.plan_send_for_signoff(plan=submitted_plan_a, actor=planner_a_user)
    comment = ReviewComment.objects.get(plan=submitted_plan_a)
    services.comment_answer(comment=comment, actor=planner_a_user, response="Dates added")
    comment.refresh_from_db()
    assert (comment.response, comment.responded_by) == ("Dates added", planner_a_user)
    plan = drive(submitted_plan_a, S.SUBMITTED)
    assert plan.status == S.SUBMITTED
    assert plan.signed_off_by == chief_a_user


def test_comment_answer_is_refused_unless_returned_or_blank(submitted_plan_a, coordinator_user, planner_a_user):
    services.plan_return(plan=submitted_plan_a, actor=coordinator_user, comment="Add dates")
    comment = ReviewComment.objects.get(plan=submitted_plan_a)
    with pytest.raises(DomainError, match="Enter your answer"):
        services.comment_answer(comment=comment, actor=planner_a_user, response=" ")
    ActionPlan.objects.filter(pk=submitted_plan_a.pk).update(status=S.DRAFT)
    comment.refresh_from_db()
    with pytest.raises(DomainError, match="draft"):
        services.comment_answer(comment=comment, actor=planner_a_user, response="Done")
    comment.refresh_from_db()
    assert comment.response == ""


def test_approve_makes_the_plan_approved(submitted_plan_a, coordinator_user, events,
                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_approve(plan=submitted_plan_a, actor=coordinator_user, comment="A strong plan")
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.APPROVED
    assert submitted_plan_a.approved_by == coordinator_user and submitted_plan_a.approved_at is not None
    assert _last_step(submitted_plan_a).comment == "A strong plan"
    assert events == [("approved", submitted_plan_a.pk)]


@pytest.mark.parametrize("status", [S.DRAFT, S.AWAITING_SIGNOFF, S.RETURNED, S.APPROVED])
def test_approve_is_refused_unless_submitted(plan_a, coordinator_user, status):
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=status)
    plan_a.refresh_from_db()
    with pytest.raises(DomainError):
        services.plan_approve(plan=plan_a, actor=coordinator_user)
    plan_a.refresh_from_db()
    assert plan_a.status == status


def test_revision_copies_actions_and_keeps_the_approved_plan(approved_plan_a, planner_a_user):
    revision = services.plan_start_revision(plan=approved_plan_a, actor=planner_a_user)
    approved_plan_a.refresh_from_db()
    assert approved_plan_a.status == S.APPROVED
    assert (revision.revision, revision.status, revision.supersedes) == (2, S.DRAFT, approved_plan_a)
    old = {a.reference: set(a.framework_actions.values_list("pk", flat=True)) for a in approved_plan_a.actions.all()}
    new = {a.reference: set(a.framework_actions.values_list("pk", flat=True)) for a in revision.actions.all()}
    assert new == old
    assert all(a.copied_from_id for a in revision.actions.all())
    assert all(a.history.get().history_user == planner_a_user for a in revision.actions.all())


def test_second_revision_in_progress_is_refused(approved_plan_a, planner_a_user):
    services.plan_start_revision(plan=approved_plan_a, actor=planner_a_user)
    with pytest.raises(DomainError, match="already in progress"):
        services.plan_start_revision(plan=approved_plan_a, actor=planner_a_user)
    assert ActionPlan.objects.filter(force=approved_plan_a.force).count() == 2


def test_revision_is_refused_unless_approved(covered_plan_a, planner_a_user):
    with pytest.raises(DomainError, match="draft"):
        services.plan_start_revision(plan=covered_plan_a, actor=planner_a_user)


def test_approving_a_revision_supersedes_the_earlier_one(approved_plan_a, planner_a_user, drive):
    revision = services.plan_start_revision(plan=approved_plan_a, actor=planner_a_user)
    revision = drive(revision, S.APPROVED)
    approved_plan_a.refresh_from_db()
    assert revision.status == S.APPROVED
    assert approved_plan_a.status == S.SUPERSEDED
    step = _last_step(approved_plan_a)
    assert (step.from_status, step.to_status) == (S.APPROVED, S.SUPERSEDED)


def test_approved_plan_is_read_only(approved_plan_a, planner_a_user):
    action = approved_plan_a.actions.first()
    with pytest.raises(DomainError, match="Start a revision"):
        services.action_update(action=action, expected_version=action.lock_version, actor=planner_a_user,
                               title="Changed")
    action.refresh_from_db()
    assert action.title != "Changed"


def test_every_step_is_recorded_in_order(approved_plan_a):
    steps = list(PlanTransition.objects.filter(plan=approved_plan_a).order_by("at", "pk"))
    assert [(s.from_status, s.to_status) for s in steps] == [
        (S.DRAFT, S.AWAITING_SIGNOFF), (S.AWAITING_SIGNOFF, S.AWAITING_SIGNOFF),
        (S.AWAITING_SIGNOFF, S.SUBMITTED), (S.SUBMITTED, S.APPROVED),
    ]


def test_plans_of_other_forces_do_not_share_revision_numbers(approved_plan_a, plan_b, planner_a_user):
    ActionPlanFactory(force=plan_b.force, round=plan_b.round, revision=2)
    revision = services.plan_start_revision(plan=approved_plan_a, actor=planner_a_user)
    assert revision.revision == 2
