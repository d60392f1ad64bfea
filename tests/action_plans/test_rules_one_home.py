"""Issue 11, correctness: a local action's rules have one home (services), and every door obeys them."""

import pytest

from action_plans import services
from action_plans.spreadsheets import plan_actions_import
from common.errors import DomainError
from frameworks.models import FrameworkAction, Pillar

from .io_conftest_helpers import action_in, csv_bytes, row


def test_importing_a_fix_for_an_action_flagged_for_review_clears_the_flag(plan_a, planner_a_user):
    flagged = action_in(plan_a, reference="P1-01", needs_review=True,
                        review_note="Not mapped: framework action 9.9 has no match.")
    result = plan_actions_import(plan=plan_a, filename="a.csv", user=planner_a_user,
                                 content=csv_bytes([row("P1-01", flagged.title, framework_actions="1.1.1")]))
    assert result.errors == []
    flagged.refresh_from_db()
    assert flagged.needs_review is False


def test_importing_a_flagged_action_already_linked_also_clears_the_flag(plan_a, planner_a_user):
    # The edit page clears the flag when the action is saved with framework actions, changed or not.
    flagged = action_in(plan_a, reference="P1-01", needs_review=True, framework_action_codes=["1.1.1"])
    plan_actions_import(plan=plan_a, filename="a.csv", user=planner_a_user,
                        content=csv_bytes([row("P1-01", flagged.title, framework_actions="1.1.1")]))
    flagged.refresh_from_db()
    assert flagged.needs_review is False


def test_importing_a_flagged_action_without_framework_actions_keeps_the_flag(plan_a, planner_a_user):
    flagged = action_in(plan_a, reference="P1-01", needs_review=True)
    plan_actions_import(plan=plan_a, filename="a.csv", user=planner_a_user,
                        content=csv_bytes([row("P1-01", "New title", framework_actions="")]))
    flagged.refresh_from_db()
    assert flagged.needs_review is True


def test_action_create_refuses_a_framework_action_for_the_national_team(plan_a, planner_a_user, framework):
    national = FrameworkAction.objects.get(framework=framework, code="N.1")
    pillar = Pillar.objects.get(framework=framework, code="P1")
    with pytest.raises(DomainError, match="N.1 is an action for the national team, not for forces"):
        services.action_create(plan=plan_a, actor=planner_a_user, framework_actions=[national],
                               reference="P1-09", title="Brief the minister", pillar=pillar)
    assert not plan_a.actions.exists()


def test_action_update_refuses_a_framework_action_for_the_national_team(plan_a, planner_a_user, framework):
    action = action_in(plan_a, reference="P1-01")
    national = FrameworkAction.objects.get(framework=framework, code="N.1")
    with pytest.raises(DomainError, match="national team"):
        services.action_update(action=action, expected_version=action.lock_version, actor=planner_a_user,
                               framework_actions=[national])


def test_the_importer_and_the_service_give_the_same_message(plan_a, planner_a_user, framework):
    national = FrameworkAction.objects.get(framework=framework, code="N.1")
    result = plan_actions_import(plan=plan_a, filename="a.csv", user=planner_a_user,
                                 content=csv_bytes([row("P1-01", "x", framework_actions="N.1")]))
    assert [e.message for e in result.errors] == [services.framework_action_problem(plan=plan_a,
                                                                                   framework_action=national)]
