"""
A small national picture for the compliance tests: a framework of 3 pillars × 2 outcomes × 2
force actions (12 expected), an open round due `DUE`, and `build_forces(n)` giving forces plans in
a mix of states, RAGs, updates and returns.
"""

import datetime
import itertools

import pytest
from django.utils import timezone

from action_plans.models import ActionPlan, CoverageExemption, LocalAction, PlanningRound, ReviewComment
from frameworks.models import FrameworkAction
from performance.models import MeasureSet, ReportingPeriod, Return
from tests.action_plans.factories import LocalActionFactory, build_framework
from tests.factories import ForceFactory, NationalUserFactory

TODAY = timezone.localdate()
DUE = TODAY - datetime.timedelta(days=10)
STATES = ["approved", "submitted", "awaiting_signoff", "draft", "returned", None]
_seq = itertools.count()


@pytest.fixture
def framework(db):
    return build_framework(pillars=3, outcomes_per_pillar=2, actions_per_outcome=2)


@pytest.fixture
def planning_round(framework, force_a, force_b):
    r = PlanningRound.objects.create(framework=framework, title="Round 2026", due_on=DUE,
                                     opened_by=NationalUserFactory())
    r.forces.add(force_a, force_b)
    return r


@pytest.fixture
def period(db):
    ms = MeasureSet.objects.create(slug="cset", version="1", title="Measures")
    return ReportingPeriod.objects.create(
        label="2026-27 H1", slug="2026-27-h1", measure_set=ms, starts_on=TODAY - datetime.timedelta(days=200),
        ends_on=TODAY - datetime.timedelta(days=20), opens_on=TODAY - datetime.timedelta(days=19),
        due_on=TODAY - datetime.timedelta(days=5),
    )


def add_plan(force, planning_round, *, status: str, actions: int = 4, covered: int = 2, exempt: int = 0,
             late: bool = False, rags=("red", "amber", "green", ""), updated: int = 1, comments: int = 1,
             revision: int = 1, complete: int = 0) -> ActionPlan:
    """A plan for the force with `actions` actions; the first `covered` expected framework actions
    are addressed by its actions, the next `exempt` are marked not applicable."""
    submitted = status in ("submitted", "approved")
    plan = ActionPlan.objects.create(
        force=force, round=planning_round, status=status, revision=revision, is_late=late and submitted,
        submitted_at=timezone.now() - datetime.timedelta(days=3) if submitted else None,
    )
    expected = list(FrameworkAction.objects.filter(framework=planning_round.framework, audience="forces")
                    .select_related("outcome").order_by("pk"))
    for i in range(actions):
        fa = expected[i % len(expected)]
        action = LocalActionFactory(
            plan=plan, reference=f"R{next(_seq)}", pillar_id=fa.outcome.pillar_id, rag=rags[i % len(rags)],
            target_on=TODAY - datetime.timedelta(days=1),
            status=LocalAction.Status.COMPLETE if i < complete else LocalAction.Status.IN_PROGRESS,
            last_progress_on=TODAY if i < updated else None,
        )
        if i < covered:
            action.framework_actions.add(fa)
    for fa in expected[covered:covered + exempt]:
        CoverageExemption.objects.create(plan=plan, framework_action=fa, reason="n/a",
                                         created_by=planning_round.opened_by)
    for _ in range(comments):
        ReviewComment.objects.create(plan=plan, author=planning_round.opened_by, body="Please explain")
    return plan


def build_forces(planning_round, period, n: int) -> list:
    """n forces in the round with plans in a rotating mix of states; every other has a return."""
    forces = []
    for i in range(n):
        force = ForceFactory(region=["North West", "London", "Wales"][i % 3])
        planning_round.forces.add(force)
        state = STATES[i % len(STATES)]
        if state:
            add_plan(force, planning_round, status=state, actions=2 + i % 5, covered=i % 4, exempt=i % 2,
                     late=i % 4 == 0, updated=i % 3, comments=i % 2)
        if i % 2:
            Return.objects.create(force=force, period=period, status="submitted" if i % 4 == 1 else "draft",
                                  submitted_at=timezone.now() if i % 4 == 1 else None)
        forces.append(force)
    return forces
