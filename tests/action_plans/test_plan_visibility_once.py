"""Issue 11, correctness: who may see a plan is defined once (rules.plan_visibility) and every reader agrees."""

import ast
import pathlib

import pytest
from django.contrib.auth.models import AnonymousUser

from action_plans import rules as plan_rules
from action_plans import selectors
from action_plans.models import ActionPlan

from .io_conftest_helpers import action_in

S = ActionPlan.Status
ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def cast(planner_a_user, chief_a_user, viewer_a_user, planner_b_user, coordinator_user, analyst_user):
    return [planner_a_user, chief_a_user, viewer_a_user, planner_b_user, coordinator_user, analyst_user,
            AnonymousUser()]


@pytest.mark.parametrize("status", [choice for choice, _ in S.choices])
def test_the_permission_and_the_selectors_agree_for_every_user_and_status(cast, plan_a, plan_b, status):
    ActionPlan.objects.filter(pk__in=[plan_a.pk, plan_b.pk]).update(status=status)
    for user in cast:
        by_permission = {p.pk for p in (plan_a, plan_b)
                         if user.has_perm("action_plans.view_plan", ActionPlan.objects.get(pk=p.pk))}
        by_query = set(ActionPlan.objects.filter(plan_rules.plan_visibility(user).q())
                       .values_list("pk", flat=True))
        assert by_permission == by_query, (user, status)
        if user.is_authenticated:
            assert {p.pk for p in selectors.plan_list_for_user(user=user)} == by_query


def test_the_needs_update_scope_comes_from_the_same_definition(approved_plan_a, planner_a_user, planner_b_user,
                                                               coordinator_user):
    # Another force's approved plan is visible to planner B but its updates are force A's work.
    assert plan_rules.plan_visibility(planner_b_user).allows(approved_plan_a)
    assert not selectors.actions_needing_update(user=planner_b_user).exists()
    assert selectors.actions_needing_update(user=planner_a_user).exists()
    assert selectors.actions_needing_update(user=coordinator_user).exists()


def test_selectors_do_not_spell_out_visibility_themselves():
    source = (ROOT / "action_plans" / "selectors.py").read_text()
    assert "READABLE_BY_EVERY_FORCE" not in source
    assert "is_national" not in source and "is_force_user" not in source


def test_no_module_imports_a_private_name_from_the_plan_views():
    for path in (ROOT / "action_plans").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("views"):
                private = [alias.name for alias in node.names if alias.name.startswith("_")]
                assert not private, (path.name, private)


def test_importing_into_a_submitted_plan_says_why_instead_of_403(plan_a, planner_a):
    from django.urls import reverse

    action_in(plan_a, reference="P1-01")
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=S.SUBMITTED)
    response = planner_a.get(reverse("action_plans:import", kwargs={"plan_pk": plan_a.pk}))
    assert response.status_code == 200
    assert "You cannot import actions while the plan is submitted." in response.content.decode()
