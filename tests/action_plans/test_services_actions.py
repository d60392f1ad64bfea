"""Local actions, coverage exemptions and progress updates through the services."""

import datetime

import pytest

from action_plans import selectors, services
from action_plans.models import ActionPlan, CoverageExemption, LocalAction, ProgressUpdate
from common.errors import DomainError
from frameworks.models import FrameworkAction

from .factories import LocalActionFactory, build_framework


def _fa(framework, code):
    return FrameworkAction.objects.select_related("outcome__pillar").get(framework=framework, code=code)


def test_action_create_saves_the_action_and_its_framework_actions(plan_a, planner_a_user, framework):
    fa = _fa(framework, "2.1.1")
    action = services.action_create(
        plan=plan_a, actor=planner_a_user, framework_actions=[fa], reference="P2-01", title="Train call handlers",
        pillar=fa.outcome.pillar, outcome=fa.outcome, progress=0, status="not_started", priority="high", rag="",
    )
    action.refresh_from_db()
    assert (action.reference, action.title, action.priority, action.lock_version) == (
        "P2-01", "Train call handlers", "high", 1)
    assert list(action.framework_actions.all()) == [fa]
    assert action.history.first().history_user == planner_a_user


def test_action_create_refuses_a_duplicate_reference(plan_a, planner_a_user, framework):
    pillar = _fa(framework, "1.1.1").outcome.pillar
    LocalActionFactory(plan=plan_a, reference="P1-01", pillar=pillar)
    with pytest.raises(DomainError, match="already has the reference P1-01"):
        services.action_create(plan=plan_a, actor=planner_a_user, reference="P1-01", title="Again", pillar=pillar)
    assert plan_a.actions.count() == 1


def test_action_create_refuses_another_frameworks_pillar_or_actions(plan_a, planner_a_user, framework):
    other = build_framework(pillars=1)
    other_pillar = other.pillars.first()
    with pytest.raises(DomainError, match="pillar of this plan's framework"):
        services.action_create(plan=plan_a, actor=planner_a_user, reference="X", title="X", pillar=other_pillar)
    with pytest.raises(DomainError, match="is not an action in this plan.s framework"):
        services.action_create(plan=plan_a, actor=planner_a_user, reference="X", title="X",
                               pillar=framework.pillars.first(), framework_actions=[other.actions.first()])
    assert not plan_a.actions.exists()


def test_action_create_refuses_an_outcome_of_another_pillar(plan_a, planner_a_user, framework):
    fa = _fa(framework, "2.1.1")
    with pytest.raises(DomainError, match="not part of pillar P1"):
        services.action_create(plan=plan_a, actor=planner_a_user, reference="X", title="X",
                               pillar=framework.pillars.get(code="P1"), outcome=fa.outcome)


@pytest.mark.parametrize("status", [ActionPlan.Status.AWAITING_SIGNOFF, ActionPlan.Status.SUBMITTED,
                                    ActionPlan.Status.APPROVED])
def test_action_create_is_refused_when_the_plan_is_not_editable(plan_a, planner_a_user, framework, status):
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=status)
    with pytest.raises(DomainError, match="cannot be changed"):
        services.action_create(plan=plan_a, actor=planner_a_user, reference="X", title="X",
                               pillar=framework.pillars.first())
    assert not plan_a.actions.exists()


def test_action_create_is_allowed_on_a_returned_plan(plan_a, planner_a_user, framework):
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=ActionPlan.Status.RETURNED)
    services.action_create(plan=plan_a, actor=planner_a_user, reference="X", title="X",
                           pillar=framework.pillars.first())
    assert plan_a.actions.count() == 1


def test_action_update_saves_and_moves_the_version_on(covered_plan_a, planner_a_user):
    action = covered_plan_a.actions.first()
    services.action_update(action=action, expected_version=1, actor=planner_a_user, title="Better title",
                           owner_team="Safeguarding")
    action.refresh_from_db()
    assert (action.title, action.owner_team, action.lock_version) == ("Better title", "Safeguarding", 2)


def test_stale_edit_is_refused_with_the_saved_version(covered_plan_a, planner_a_user, chief_a_user):
    action = covered_plan_a.actions.first()
    services.action_update(action=action, expected_version=1, actor=chief_a_user, title="Chief's title")
    with pytest.raises(services.StaleEditError) as error:
        services.action_update(action=action, expected_version=1, actor=planner_a_user, title="Planner's title")
    assert error.value.current.title == "Chief's title"
    assert error.value.current.lock_version == 2
    action.refresh_from_db()
    assert (action.title, action.lock_version) == ("Chief's title", 2)


def test_mapping_a_flagged_action_clears_needs_review(covered_plan_a, planner_a_user, framework):
    action = covered_plan_a.actions.first()
    LocalAction.objects.filter(pk=action.pk).update(needs_review=True, review_note="Not mapped")
    services.action_update(action=action, expected_version=1, actor=planner_a_user,
                           framework_actions=[_fa(framework, "1.1.1")])
    action.refresh_from_db()
    assert action.needs_review is False


def test_action_delete_removes_it_from_a_draft_only(covered_plan_a, planner_a_user):
    action = covered_plan_a.actions.first()
    services.action_delete(action=action, actor=planner_a_user)
    assert not LocalAction.objects.filter(pk=action.pk).exists()
    ActionPlan.objects.filter(pk=covered_plan_a.pk).update(status=ActionPlan.Status.SUBMITTED)
    other = covered_plan_a.actions.first()
    with pytest.raises(DomainError, match="submitted"):
        services.action_delete(action=other, actor=planner_a_user)
    assert LocalAction.objects.filter(pk=other.pk).exists()


def test_exemption_set_replaces_the_reason_and_clear_removes_it(plan_a, planner_a_user, framework):
    fa = _fa(framework, "1.1.1")
    services.exemption_set(plan=plan_a, framework_action=fa, reason="First", actor=planner_a_user)
    services.exemption_set(plan=plan_a, framework_action=fa, reason="Second", actor=planner_a_user)
    assert list(CoverageExemption.objects.filter(plan=plan_a).values_list("reason", flat=True)) == ["Second"]
    assert fa not in selectors.coverage_gaps(plan_a)
    services.exemption_clear(plan=plan_a, framework_action=fa, actor=planner_a_user)
    assert not CoverageExemption.objects.filter(plan=plan_a).exists()
    assert fa in selectors.coverage_gaps(plan_a)


def test_exemption_set_refuses_national_actions_and_blank_reasons(plan_a, planner_a_user, framework):
    with pytest.raises(DomainError, match="not an action this plan must cover"):
        services.exemption_set(plan=plan_a, framework_action=_fa(framework, "N.1"), reason="x", actor=planner_a_user)
    with pytest.raises(DomainError, match="Enter why"):
        services.exemption_set(plan=plan_a, framework_action=_fa(framework, "1.1.1"), reason=" ", actor=planner_a_user)
    assert not CoverageExemption.objects.exists()


def test_progress_post_updates_the_action(approved_plan_a, planner_a_user):
    action = approved_plan_a.actions.first()
    update = services.progress_post(action=action, actor=planner_a_user, on=datetime.date.today(),
                                    narrative="Training started", rag="amber", progress=40)
    action.refresh_from_db()
    assert ProgressUpdate.objects.get(pk=update.pk).narrative == "Training started"
    assert (action.rag, action.progress, action.status, action.last_progress_on) == (
        "amber", 40, LocalAction.Status.IN_PROGRESS, datetime.date.today())


def test_progress_post_at_100_completes_the_action(approved_plan_a, planner_a_user):
    action = approved_plan_a.actions.first()
    services.progress_post(action=action, actor=planner_a_user, on=datetime.date.today(), narrative="Done",
                           rag="green", progress=100)
    action.refresh_from_db()
    assert action.status == LocalAction.Status.COMPLETE


def test_progress_post_is_refused_on_a_draft_and_for_future_dates(covered_plan_a, approved_plan_a, planner_a_user):
    action = approved_plan_a.actions.first()
    with pytest.raises(DomainError, match="today or in the past"):
        services.progress_post(action=action, actor=planner_a_user, on=datetime.date.today() + datetime.timedelta(1),
                               narrative="Soon", rag="green", progress=10)
    ActionPlan.objects.filter(pk=approved_plan_a.pk).update(status=ActionPlan.Status.DRAFT)
    with pytest.raises(DomainError, match="approved plans only"):
        services.progress_post(action=action, actor=planner_a_user, on=datetime.date.today(), narrative="x",
                               rag="green", progress=10)
    assert not ProgressUpdate.objects.exists()
