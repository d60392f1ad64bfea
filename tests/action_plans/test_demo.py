import time

import pytest

from accounts import demo as accounts_demo
from action_plans import demo
from action_plans.models import ActionPlan, LocalAction, ProgressUpdate
from frameworks.models import Framework
from tests.factories import ForceFactory

from .factories import build_framework


@pytest.fixture
def forces(db):
    codes = ["west-yorkshire", "kent", "btp"] + [f"force-{n}" for n in range(8)]
    made = [ForceFactory(code=code, name=code.title()) for code in codes]
    ForceFactory(code="ministry-of-defence-police", name="MoD Police", kind="special")
    made[2].kind = "special"
    made[2].save()
    accounts_demo.seed("small")
    return made


def test_seed_without_a_published_framework_has_nothing_to_seed(forces):
    build_framework(status=Framework.Status.DRAFT, published_on=None)
    assert demo.seed("small") == "no published framework or coordinator: nothing to seed"
    assert not ActionPlan.objects.exists()


def test_seed_small_makes_plans_in_every_state_and_is_idempotent(forces):
    build_framework(slug="vawg-framework-2021", pillars=3, outcomes_per_pillar=3, actions_per_outcome=3)
    summary = demo.seed("small")
    assert "11 plans" in summary
    plans = {p.force.code: p for p in ActionPlan.objects.filter(revision=1).select_related("force")}
    assert "ministry-of-defence-police" not in plans
    assert set(plans) >= {"west-yorkshire", "kent", "btp"}
    statuses = {p.status for p in plans.values()}
    assert statuses == {"draft", "awaiting_signoff", "submitted", "returned", "approved", "superseded"}
    revising = list(ActionPlan.objects.filter(revision=2))
    assert {p.status for p in revising} == {"draft", "approved"}
    assert all(p.actions.count() == p.supersedes.actions.count() for p in revising)
    assert plans["kent"].status == "approved"
    assert ProgressUpdate.objects.filter(action__plan=plans["kent"]).exists()
    west = plans["west-yorkshire"]
    assert west.status == "draft"
    from action_plans.selectors import coverage_gaps

    assert len(coverage_gaps(west)) == 5
    assert coverage_gaps(plans["kent"]) == []
    for plan in plans.values():
        assert 15 <= plan.actions.count() <= 40
    assert LocalAction.history.count() == LocalAction.objects.count()
    assert demo.seed("small") == "demo round already seeded"
    assert ActionPlan.objects.count() == 13


def test_seed_national_makes_150_actions_a_plan_quickly(forces):
    build_framework(slug="vawg-framework-2021")
    started = time.perf_counter()
    demo.seed("national")
    assert time.perf_counter() - started < 30
    assert {p.actions.count() for p in ActionPlan.objects.all()} == {150}
    assert ActionPlan.objects.filter(revision=1).count() == 11
