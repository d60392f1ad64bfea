import pytest

from action_plans.models import ActionPlan

from .factories import ActionPlanFactory, PlanningRoundFactory, build_framework, cover_framework, drive_to


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


@pytest.fixture
def covered_plan_a(plan_a):
    """Force A's draft with one local action per expected framework action: no gaps."""
    cover_framework(plan_a)
    return plan_a


@pytest.fixture
def drive(planner_a_user, chief_a_user, coordinator_user):
    """drive(plan, status): move a gap-free plan through the workflow services to `status`."""

    def _drive(plan, status):
        return drive_to(plan, status, planner=planner_a_user, chief=chief_a_user, coordinator=coordinator_user)

    return _drive


@pytest.fixture
def approved_plan_a(covered_plan_a, drive):
    return drive(covered_plan_a, ActionPlan.Status.APPROVED)


@pytest.fixture
def submitted_plan_a(covered_plan_a, drive):
    return drive(covered_plan_a, ActionPlan.Status.SUBMITTED)
