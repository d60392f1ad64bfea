"""The compliance selectors: every figure against an independent count made here with plain ORM filters."""

import pytest

from action_plans.models import ActionPlan, LocalAction, ReviewComment
from compliance import selectors
from frameworks.models import FrameworkAction

from .conftest import TODAY, add_plan, build_forces


def _latest_plan(force, planning_round):
    return ActionPlan.objects.filter(force=force, round=planning_round).order_by("-revision").first()


def _independent(force, planning_round):
    """The force's figures counted here, one simple query at a time, without the selector's subqueries."""
    plan = _latest_plan(force, planning_round)
    if plan is None:
        return {"plan_status": "not_started", "action_count": 0, "rag_red": 0, "open_comments": 0, "addressed": 0}
    expected = FrameworkAction.objects.filter(framework=planning_round.framework, audience="forces")
    covered = set(expected.filter(local_actions__plan=plan).values_list("pk", flat=True))
    exempt = set(expected.filter(pk__in=plan.exemptions.values("framework_action")).values_list("pk", flat=True))
    return {
        "plan_status": plan.status,
        "action_count": LocalAction.objects.filter(plan=plan).count(),
        "rag_red": LocalAction.objects.filter(plan=plan, rag="red").count(),
        "open_comments": ReviewComment.objects.filter(plan=plan, response="").count(),
        "addressed": len(covered | exempt),
    }


def test_overview_rows_match_independent_counts(planning_round, period):
    forces = build_forces(planning_round, period, 12)
    rows = {f.pk: f for f in selectors.force_overview(planning_round=planning_round, period=period, today=TODAY)}
    assert set(rows) >= {f.pk for f in forces}
    for force in forces:
        want = _independent(force, planning_round)
        got = rows[force.pk]
        for key, value in want.items():
            assert getattr(got, key) == value, (force.name, key)
        assert got.expected == 12


def test_latest_revision_wins(planning_round, force_a):
    add_plan(force_a, planning_round, status="approved", revision=1)
    add_plan(force_a, planning_round, status="draft", revision=2, actions=7)
    row = selectors.force_overview(planning_round=planning_round).get(pk=force_a.pk)
    assert (row.plan_status, row.plan_revision, row.action_count) == ("draft", 2, 7)


def test_coverage_counts_exemptions_once(planning_round, force_a):
    # Two actions address framework actions 1 and 2; 3 is exempt; 12 are expected.
    add_plan(force_a, planning_round, status="draft", actions=2, covered=2, exempt=1)
    row = selectors.force_overview(planning_round=planning_round).get(pk=force_a.pk)
    assert (row.addressed, row.expected) == (3, 12)
    assert row.coverage_pct == pytest.approx(25.0)


def test_updated_this_cycle_ignores_completed_actions(planning_round, force_a):
    add_plan(force_a, planning_round, status="approved", actions=4, updated=2, complete=1)
    row = selectors.force_overview(planning_round=planning_round, today=TODAY).get(pk=force_a.pk)
    # Action 0 is complete (and updated): only actions 1..3 need an update; action 1 has one.
    assert (row.needing_update, row.updated_this_cycle) == (3, 1)


def test_headline_matches_independent_counts(planning_round, period):
    build_forces(planning_round, period, 13)
    figures = selectors.overview_headline(planning_round=planning_round, today=TODAY)
    forces = list(planning_round.forces.all())
    latest = [_latest_plan(f, planning_round) for f in forces]
    assert figures["forces"] == len(forces)
    for status in ("approved", "submitted", "awaiting_signoff", "draft", "returned"):
        assert figures[status] == sum(1 for p in latest if p and p.status == status), status
    assert figures["not_started"] == sum(1 for p in latest if p is None)
    assert figures["late"] == ActionPlan.objects.filter(round=planning_round, is_late=True).count()
    # The round was due ten days ago: everyone not submitted or approved is overdue.
    assert figures["overdue"] == sum(1 for p in latest if p is None or p.status not in ("submitted", "approved"))
    assert figures["days_to_due"] == -10


def test_filters_and_sort(planning_round, period):
    build_forces(planning_round, period, 9)
    f = selectors.overview_filters({"region": "North West", "status": "draft", "sort": "-coverage"})
    rows = list(selectors.overview_rows(planning_round=planning_round, filters=f, period=period))
    assert rows and all(r.region == "North West" and r.plan_status == "draft" for r in rows)
    f = selectors.overview_filters({"sort": "-red"})
    reds = [r.rag_red for r in selectors.overview_rows(planning_round=planning_round, filters=f)]
    assert reds == sorted(reds, reverse=True)
    f = selectors.overview_filters({"rag": "amber"})
    assert all(r.rag_amber > 0 for r in selectors.overview_rows(planning_round=planning_round, filters=f))


def test_unknown_filter_values_are_dropped():
    f = selectors.overview_filters({"status": "bogus", "rag": "purple", "sort": "-password"})
    assert (f.status, f.rag, f.sort, f.descending) == ("", "", "force", False)


def test_good_practice_never_lists_drafts(planning_round, force_a, force_b):
    fa = FrameworkAction.objects.filter(framework=planning_round.framework, audience="forces").order_by("pk").first()
    approved = add_plan(force_a, planning_round, status="approved", actions=1, covered=1)
    add_plan(force_b, planning_round, status="draft", actions=1, covered=1)
    found = list(selectors.good_practice_actions(framework_action=fa))
    assert [a.plan_id for a in found] == [approved.pk]


def test_good_practice_search(planning_round, force_a):
    fa = FrameworkAction.objects.filter(framework=planning_round.framework, audience="forces").order_by("pk").first()
    plan = add_plan(force_a, planning_round, status="approved", actions=2, covered=2)
    first = plan.actions.order_by("pk").first()
    first.framework_actions.add(fa)
    first.description = "Stalking advocates in every custody suite"
    first.save()
    found = list(selectors.good_practice_actions(framework_action=fa, query="stalking"))
    assert [a.pk for a in found] == [first.pk]
    assert list(selectors.good_practice_actions(framework_action=fa, query="zebra")) == []
