import datetime

import time_machine
from django.db.models import Count

from action_plans import selectors, services
from action_plans.models import LocalAction
from frameworks.models import FrameworkAction, Outcome
from tests.factories import UserFactory

from .factories import LocalActionFactory


def test_coverage_counts_by_pillar_and_outcome(plan_a, planner_a_user, framework):
    fa = framework.actions.get(code="1.1.1")
    LocalActionFactory(plan=plan_a, pillar_id=fa.outcome.pillar_id).framework_actions.add(fa)
    services.exemption_set(plan=plan_a, framework_action=framework.actions.get(code="1.1.2"), reason="n/a",
                           actor=planner_a_user)
    coverage = selectors.plan_coverage(plan=plan_a)
    assert (coverage.expected, coverage.addressed, coverage.summary) == (12, 2, "2 of 12")
    p1 = coverage.pillars[0]
    assert (p1.pillar.code, p1.addressed, p1.expected, p1.gap_label) == ("P1", 2, 4, "2 not covered")
    first_outcome = p1.outcomes[0]
    assert [r.is_gap for r in first_outcome.rows] == [False, False]
    assert first_outcome.rows[1].exemption.reason == "n/a"
    assert [r.framework_action.code for r in coverage.gaps][:2] == ["1.2.1", "1.2.2"]
    assert "N.1" not in [r.framework_action.code for p in coverage.pillars for r in p.rows]


def test_coverage_of_a_covered_plan_has_no_gaps(covered_plan_a):
    coverage = selectors.plan_coverage(plan=covered_plan_a)
    assert coverage.gaps == [] and all(p.is_complete for p in coverage.pillars)
    assert coverage.action_count == 12


def test_needs_update_uses_the_calendar_quarter(approved_plan_a, planner_a_user):
    first, second, third, *_ = list(approved_plan_a.actions.order_by("reference"))
    LocalAction.objects.filter(pk=first.pk).update(last_progress_on=datetime.date(2026, 3, 31))
    LocalAction.objects.filter(pk=second.pk).update(last_progress_on=datetime.date(2026, 4, 1))
    LocalAction.objects.filter(pk=third.pk).update(status=LocalAction.Status.COMPLETE)
    with time_machine.travel(datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC), tick=False):
        listed = set(selectors.actions_needing_update(user=planner_a_user).values_list("reference", flat=True))
    assert first.reference in listed
    assert second.reference not in listed
    assert third.reference not in listed


def test_needs_update_ignores_plans_that_are_not_approved(covered_plan_a, planner_a_user):
    assert not selectors.actions_needing_update(user=planner_a_user).exists()


def test_plan_list_scopes_by_role(approved_plan_a, plan_b, planner_b_user, analyst_user, viewer_a_user):
    assert set(selectors.plan_list_for_user(user=analyst_user)) == {approved_plan_a, plan_b}
    assert set(selectors.plan_list_for_user(user=viewer_a_user)) == {approved_plan_a}
    assert set(selectors.plan_list_for_user(user=planner_b_user)) == {approved_plan_a, plan_b}
    no_role = UserFactory(role="", force=None)
    assert not selectors.plan_list_for_user(user=no_role).exists()


def test_plan_actions_sorts_by_target_date(covered_plan_a):
    LocalAction.objects.filter(plan=covered_plan_a, reference="L-005").update(target_on=datetime.date(2022, 1, 1))
    actions = selectors.plan_actions(plan=covered_plan_a, filters=selectors.ActionFilters(sort="target"))
    assert actions[0].reference == "L-005"


def test_transition_labels(approved_plan_a):
    labels = [s.label for s in selectors.plan_transitions(plan=approved_plan_a)]
    assert labels[0] == "Draft to awaiting sign-off"
    assert labels[1] == "Signed off"


def test_the_two_shapes_of_the_outcome_rule_agree(plan_a, framework):
    """in_outcome_q (a filter, one row per action) and in_outcome_joined_q (a condition on the join
    of actions and framework actions, for grouped counts) pick the same actions for every outcome."""
    outcomes = list(Outcome.objects.filter(pillar__framework=framework).order_by("pk"))
    fa = {f.code: f for f in FrameworkAction.objects.filter(framework=framework)}
    first, second, third = outcomes[0], outcomes[1], outcomes[2]
    names_only = LocalActionFactory(plan=plan_a, pillar_id=first.pillar_id, outcome=first)
    names_one_addresses_another = LocalActionFactory(plan=plan_a, pillar_id=first.pillar_id, outcome=first)
    names_one_addresses_another.framework_actions.add(fa["2.1.1"])
    addresses_two = LocalActionFactory(plan=plan_a, pillar_id=second.pillar_id)
    addresses_two.framework_actions.add(fa["1.2.1"], fa["1.2.2"], fa["3.2.1"])
    national = LocalActionFactory(plan=plan_a, pillar_id=first.pillar_id)
    national.framework_actions.add(fa["N.1"])  # a national framework action of the first outcome
    LocalActionFactory(plan=plan_a, pillar_id=third.pillar_id)  # in no outcome
    actions = LocalAction.objects.filter(plan=plan_a)
    memberships = []
    for outcome in outcomes:
        as_filter = set(actions.filter(selectors.in_outcome_q(outcome.pk)).values_list("pk", flat=True))
        joined = set(actions.filter(selectors.in_outcome_joined_q(outcome.pk)).values_list("pk", flat=True))
        assert as_filter == joined, outcome.code
        memberships.append(as_filter)
    assert memberships[0] == {names_only.pk, names_one_addresses_another.pk, national.pk}
    assert memberships[1] == {addresses_two.pk}
    assert names_one_addresses_another.pk in memberships[2] and addresses_two.pk in memberships[5]
    # Counted as the heatmap counts them: grouped by plan, distinct actions over the join.
    for outcome, members in zip(outcomes, memberships, strict=True):
        counted = (actions.order_by().values("plan_id")
                   .annotate(n=Count("pk", distinct=True, filter=selectors.in_outcome_joined_q(outcome.pk))).get())
        assert counted["n"] == len(members), outcome.code
