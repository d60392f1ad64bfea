"""Opening rounds and starting a plan from the previous round's approved plan."""

import datetime

import pytest

from action_plans import services
from action_plans.models import ActionPlan, PlanningRound, PlanTransition
from common.errors import DomainError
from frameworks.models import Framework

from .factories import (
    ActionPlanFactory,
    FrameworkActionFactory,
    LocalActionFactory,
    PlanningRoundFactory,
    build_framework,
)


def test_round_open_creates_one_draft_per_force(framework, coordinator_user, force_a, force_b):
    planning_round = services.round_open(framework=framework, title="Plans 2022", due_on=datetime.date(2022, 3, 31),
                                         forces=[force_a, force_b], opened_by=coordinator_user)
    plans = ActionPlan.objects.filter(round=planning_round).order_by("force__name")
    assert [(p.force, p.status, p.revision) for p in plans] == [
        (force_a, ActionPlan.Status.DRAFT, 1), (force_b, ActionPlan.Status.DRAFT, 1)]
    assert set(planning_round.forces.all()) == {force_a, force_b}
    assert PlanTransition.objects.filter(plan__round=planning_round, to_status="draft").count() == 2


def test_round_open_refuses_an_unpublished_framework_or_no_forces(coordinator_user, force_a):
    draft = build_framework(status=Framework.Status.DRAFT, published_on=None)
    with pytest.raises(DomainError, match="published"):
        services.round_open(framework=draft, title="x", due_on=datetime.date(2022, 3, 31), forces=[force_a],
                            opened_by=coordinator_user)
    published = build_framework()
    with pytest.raises(DomainError, match="at least one force"):
        services.round_open(framework=published, title="x", due_on=datetime.date(2022, 3, 31), forces=[],
                            opened_by=coordinator_user)
    assert not PlanningRound.objects.exists()


@pytest.fixture
def next_round(approved_plan_a, framework, coordinator_user, force_a):
    """A 2024-style framework: P1 maps from old P1, action 1.1.1 maps from old 1.1.1; P2, P3 do not map."""
    new = build_framework(pillars=2, outcomes_per_pillar=1, actions_per_outcome=1, slug="new-framework")
    new_p1 = new.pillars.get(code="P1")
    new_p1.maps_from.add(framework.pillars.get(code="P1"))
    new_action = new.actions.get(code="1.1.1")
    new_action.maps_from.add(framework.actions.get(code="1.1.1"))
    extra = FrameworkActionFactory(outcome=new_action.outcome, framework=new, code="1.1.9")
    extra.maps_from.add(framework.actions.get(code="1.1.2"))
    planning_round = PlanningRoundFactory(framework=new, opened_by=coordinator_user,
                                          previous_round=approved_plan_a.round)
    return ActionPlanFactory(force=force_a, round=planning_round)


def test_start_from_previous_copies_maps_and_flags(next_round, approved_plan_a, planner_a_user):
    old = {a.reference: a for a in approved_plan_a.actions.prefetch_related("framework_actions")}
    copied = services.plan_start_from_previous(plan=next_round, actor=planner_a_user)
    assert copied == len(old)
    new = {a.reference: a for a in next_round.actions.select_related("pillar").prefetch_related("framework_actions")}
    assert set(new) == set(old)
    for reference, action in new.items():
        assert action.status == "not_started" and action.progress == 0 and action.rag == ""
        assert action.copied_from == old[reference]
        assert action.pillar.framework_id == next_round.round.framework_id
    mapped = [a for a in new.values() if not a.needs_review]
    assert sorted(fa.code for a in mapped for fa in a.framework_actions.all()) == ["1.1.1", "1.1.9"]
    flagged = [a for a in new.values() if a.needs_review]
    assert len(flagged) == len(old) - 2
    assert all("Not mapped" in a.review_note for a in flagged)


def test_flagged_copies_block_sending_for_sign_off(next_round, planner_a_user):
    services.plan_start_from_previous(plan=next_round, actor=planner_a_user)
    for fa in next_round.round.framework.actions.filter(audience="forces"):
        services.exemption_set(plan=next_round, framework_action=fa, reason="n/a", actor=planner_a_user)
    with pytest.raises(DomainError, match="did not map"):
        services.plan_send_for_signoff(plan=next_round, actor=planner_a_user)


def test_start_from_previous_is_refused_twice_or_without_a_previous_plan(next_round, plan_b, planner_a_user):
    services.plan_start_from_previous(plan=next_round, actor=planner_a_user)
    with pytest.raises(DomainError, match="already has actions"):
        services.plan_start_from_previous(plan=next_round, actor=planner_a_user)
    with pytest.raises(DomainError, match="no approved plan"):
        services.plan_start_from_previous(plan=plan_b, actor=planner_a_user)


def test_start_from_previous_ignores_other_forces_plans(next_round, planner_a_user, force_b, plan_b):
    LocalActionFactory(plan=plan_b)
    services.plan_start_from_previous(plan=next_round, actor=planner_a_user)
    assert not next_round.actions.filter(copied_from__plan=plan_b).exists()
