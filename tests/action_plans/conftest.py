import pytest

from .factories import ActionPlanFactory, PlanningRoundFactory, build_framework


@pytest.fixture
def framework(db):
    """A published framework: 3 pillars x 2 outcomes x 2 force actions (12), and 1 national action."""
    return build_framework()


@pytest.fixture
def planning_round(framework, coordinator_user, force_a, force_b):
    round_ = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title="Year 1 plans")
    round_.forces.set([force_a, force_b])
    return round_


@pytest.fixture
def plan_a(planning_round, force_a):
    """Force A's draft plan in the round, with no actions yet."""
    return ActionPlanFactory(force=force_a, round=planning_round)


@pytest.fixture
def plan_b(planning_round, force_b):
    return ActionPlanFactory(force=force_b, round=planning_round)
