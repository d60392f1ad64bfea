import datetime
import time

import pytest
from django.db.models import Count
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import Force
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
    from action_plans.services import coverage_gaps

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
    # Every force, the special forces too, has a plan.
    assert ActionPlan.objects.filter(revision=1).count() == Force.objects.count() == 12
    # Ten updates on every action of each plan that was approved and is delivering (revisions copy
    # the actions, not their updates).
    delivering = LocalAction.objects.filter(plan__revision=1, plan__status__in=["approved", "superseded"])
    assert delivering.exists()
    per_action = ProgressUpdate.objects.values("action").annotate(n=Count("pk")).values_list("n", flat=True)
    assert set(per_action) == {10}
    assert ProgressUpdate.objects.filter(action__in=delivering).count() == 10 * delivering.count()


def test_seed_gives_every_force_a_plan_in_a_mix_of_states_and_dates(forces):
    framework = build_framework(slug="vawg-framework-2021", pillars=3, outcomes_per_pillar=2, actions_per_outcome=2)
    framework.plan_due_on = datetime.date(2022, 3, 31)
    framework.save()
    demo.seed("national")
    due = framework.plan_due_on
    latest = {}
    for plan in ActionPlan.objects.select_related("round").order_by("revision"):
        latest[plan.force_id] = plan
    assert set(latest) == set(Force.objects.values_list("pk", flat=True))
    assert len({p.status for p in latest.values()}) >= 4
    submitted = [p for p in ActionPlan.objects.all() if p.submitted_at]
    assert {p.is_late for p in submitted} == {True, False}
    for plan in ActionPlan.objects.all():
        when = plan.transitions.filter(to_status="submitted").order_by("at").last()
        if plan.submitted_at:
            # The late flag agrees with the date, by services.plan_submit's rule, and the
            # submitted transition carries the same moment.
            assert plan.is_late == (timezone.localdate(plan.submitted_at) > due), plan
            assert when.at == plan.submitted_at
            assert plan.signed_off_on < timezone.localdate(plan.submitted_at)
        elif plan.status == "returned":
            assert plan.is_late == (timezone.localdate(when.at) > due)
            assert plan.transitions.get(to_status="returned").at > when.at
        else:
            assert not plan.is_late
        if plan.approved_at:
            assert plan.approved_at > plan.submitted_at
    # Submissions spread around the due date rather than all at one moment.
    days = {timezone.localdate(p.submitted_at) for p in submitted}
    assert len(days) > 3
    assert min(days) <= due < max(days)
