"""The compliance selectors: every figure against an independent count made here with plain ORM filters."""

import pytest

from action_plans.models import ActionPlan, CoverageExemption, LocalAction, ReviewComment
from compliance import selectors
from frameworks.models import FrameworkAction, Outcome
from tests.action_plans.factories import LocalActionFactory

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
    row = selectors.force_row(force=force_a, planning_round=planning_round)
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


@pytest.mark.parametrize("sort", ["coverage", "-coverage"])
def test_coverage_sorts_by_percentage_then_name(planning_round, period, sort):
    build_forces(planning_round, period, 9)
    f = selectors.overview_filters({"sort": sort})
    rows = selectors.overview_rows(planning_round=planning_round, filters=f, period=period)
    for row in rows:
        assert row.coverage_pct == pytest.approx(100 * row.addressed / row.expected)
    descending = sort.startswith("-")
    keys = [(-r.coverage_pct if descending else r.coverage_pct, r.name) for r in rows]
    assert keys == sorted(keys) and len({r.coverage_pct for r in rows}) >= 3


def test_overview_counts_addressed_framework_actions_once(planning_round, period):
    """The coverage percentage is not a second run of the addressed count in the same query."""
    rows = selectors.force_overview(planning_round=planning_round, period=period)
    assert str(rows.query).count(CoverageExemption._meta.db_table) == 1


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


def _vary(planning_round, forces):
    """Give the latest plans actions that name one outcome and address another's framework action,
    address framework actions of two outcomes at once or two of the same outcome, or address a
    national framework action; and
    an exemption for a framework action one of the plan's actions already addresses."""
    framework = planning_round.framework
    expected = list(FrameworkAction.objects.filter(framework=framework, audience="forces").order_by("pk"))
    national = FrameworkAction.objects.get(framework=framework, audience="national")
    outcomes = list(Outcome.objects.filter(pillar__framework=framework).order_by("pk"))
    for i, force in enumerate(forces):
        plan = _latest_plan(force, planning_round)
        if plan is None:
            continue
        named = outcomes[i % len(outcomes)]
        crossing = LocalActionFactory(plan=plan, reference=f"X{i}", pillar_id=named.pillar_id, outcome=named,
                                      rag="amber" if i % 2 else "green")
        crossing.framework_actions.add(expected[(5 * i + 3) % len(expected)])
        CoverageExemption.objects.get_or_create(plan=plan, framework_action=expected[(5 * i + 3) % len(expected)],
                                                defaults={"reason": "n/a", "created_by": planning_round.opened_by})
        both = LocalActionFactory(plan=plan, reference=f"Y{i}", pillar_id=outcomes[0].pillar_id, rag="red")
        both.framework_actions.add(expected[(i + 1) % len(expected)], expected[(i + 7) % len(expected)])
        # Both framework actions of one outcome (they are made in pairs): one action, counted once.
        pair = LocalActionFactory(plan=plan, reference=f"W{i}", pillar_id=outcomes[0].pillar_id, rag="amber")
        pair.framework_actions.add(expected[2 * (i % 6)], expected[2 * (i % 6) + 1])
        if i % 3 == 0:
            LocalActionFactory(plan=plan, reference=f"Z{i}", pillar_id=outcomes[0].pillar_id,
                               rag="red").framework_actions.add(national)


def _independent_cells(force, planning_round, columns, by_outcome):
    """(expected, addressed, actions, red or amber) per column, counted here in Python from plain rows."""
    expected = list(FrameworkAction.objects.filter(framework=planning_round.framework, audience="forces")
                    .select_related("outcome"))
    plan = _latest_plan(force, planning_round)
    actions = list(LocalAction.objects.filter(plan=plan).prefetch_related("framework_actions")) if plan else []
    addressed = ({fa.pk for a in actions for fa in a.framework_actions.all()}
                 | set(plan.exemptions.values_list("framework_action_id", flat=True))) if plan else set()
    cells = {}
    for column in columns:
        if by_outcome:
            in_column = [fa for fa in expected if fa.outcome_id == column.pk]
            members = [a for a in actions if a.outcome_id == column.pk
                       or any(fa.outcome_id == column.pk for fa in a.framework_actions.all())]
        else:
            in_column = [fa for fa in expected if fa.outcome.pillar_id == column.pk]
            members = [a for a in actions if a.pillar_id == column.pk]
        cells[column.pk] = (len(in_column), len({fa.pk for fa in in_column} & addressed), len(members),
                            sum(a.rag in ("red", "amber") for a in members))
    return cells


@pytest.mark.parametrize("by_outcome", [False, True])
def test_heatmap_matches_independent_counts(planning_round, period, by_outcome):
    forces = build_forces(planning_round, period, 9)
    # A newer revision replaces force 0's plan: only the latest counts.
    add_plan(forces[0], planning_round, status="draft", revision=2, actions=3, covered=3, exempt=2)
    _vary(planning_round, forces)
    if by_outcome:
        columns = selectors.outcomes_for(planning_round)
        rows = selectors.force_heatmap(planning_round=planning_round, outcomes=columns)
    else:
        columns = selectors.pillars_for(planning_round)
        rows = selectors.force_heatmap(planning_round=planning_round, pillars=columns)
    prefix = "o" if by_outcome else "p"
    assert [row.pk for row in rows] == list(planning_round.forces.order_by("name").values_list("pk", flat=True))
    seen = set()
    for row in rows:
        want = _independent_cells(row, planning_round, columns, by_outcome)
        for column in columns:
            got = tuple(getattr(row, f"{prefix}{column.pk}_{name}")
                        for name in ("expected", "addressed", "actions", "red_amber"))
            assert got == want[column.pk], (row.name, column)
            seen.add(got)
    # The data is varied enough for a wrong grouping to show: many different cells.
    assert len(seen) >= (10 if by_outcome else 6)
