"""Local actions record the toolkit's protective tools they use, and keep them through revisions."""

import pytest
from django.urls import reverse

from action_plans import services
from action_plans.models import ActionPlan, LocalAction
from frameworks.models import FrameworkAction
from toolkit.models import Tactic

from .factories import LocalActionFactory


@pytest.fixture
def tools(db):
    return [
        Tactic.objects.create(slug="dvpo-test", name="Domestic violence protection order", kind="civil_order"),
        Tactic.objects.create(slug="spo-test", name="Stalking protection order", kind="civil_order"),
    ]


@pytest.fixture
def fa(framework):
    return FrameworkAction.objects.select_related("outcome").get(framework=framework, code="2.1.1")


def _data(fa, **extra):
    data = {"reference": "P2-01", "title": "Use stalking protection orders", "pillar": fa.outcome.pillar_id,
            "framework_actions": [fa.pk], "status": "not_started", "progress": "0", "priority": "high"}
    data.update(extra)
    return data


def test_adding_an_action_records_its_tools(plan_a, planner_a, fa, tools):
    response = planner_a.post(reverse("action_plans:action-create", args=[plan_a.pk]),
                              _data(fa, tools=[tools[1].pk]))
    assert response.status_code == 302
    action = LocalAction.objects.get(plan=plan_a)
    assert list(action.tools.all()) == [tools[1]]


def test_the_action_page_links_to_each_tool(plan_a, planner_a, tools):
    action = LocalActionFactory(plan=plan_a, pillar=plan_a.round.framework.pillars.first())
    action.tools.set(tools)
    html = planner_a.get(reverse("action_plans:action-detail", args=[plan_a.pk, action.pk])).content.decode()
    assert reverse("toolkit:tool", args=["spo-test"]) in html
    assert "Stalking protection order" in html


def test_editing_clears_and_sets_tools(plan_a, planner_a, fa, tools):
    action = services.action_create(plan=plan_a, actor=planner_a.user, framework_actions=[fa], tools=tools,
                                    reference="P2-01", title="Orders", pillar=fa.outcome.pillar)
    url = reverse("action_plans:action-edit", args=[plan_a.pk, action.pk])
    response = planner_a.post(url, _data(fa, tools=[tools[0].pk], lock_version=action.lock_version))
    assert response.status_code == 302
    action.refresh_from_db()
    assert list(action.tools.all()) == [tools[0]]


def test_a_stale_edit_shows_both_versions_of_the_tools(plan_a, planner_a, chief_a_user, fa, tools):
    action = services.action_create(plan=plan_a, actor=planner_a.user, framework_actions=[fa], tools=[tools[0]],
                                    reference="P2-01", title="Orders", pillar=fa.outcome.pillar)
    opened = action.lock_version
    services.action_update(action=action, expected_version=opened, actor=chief_a_user, tools=[tools[1]])
    url = reverse("action_plans:action-edit", args=[plan_a.pk, action.pk])
    body = planner_a.post(url, _data(fa, tools=[tools[0].pk], lock_version=opened)).content.decode()
    assert "Toolkit tools this action uses" in body
    action.refresh_from_db()
    assert list(action.tools.all()) == [tools[1]]


def test_a_revision_keeps_each_actions_tools(approved_plan_a, planner_a_user, tools):
    action = approved_plan_a.actions.order_by("pk").first()
    action.tools.set(tools)
    revision = services.plan_start_revision(plan=approved_plan_a, actor=planner_a_user)
    copy = revision.actions.get(reference=action.reference)
    assert set(copy.tools.all()) == set(tools)
    assert revision.status == ActionPlan.Status.DRAFT
