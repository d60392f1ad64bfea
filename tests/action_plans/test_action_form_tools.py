"""
The action form's toolkit tools: a checkbox for each tool the action uses, every other tool in one
list grouped by kind. One checkbox per tool made the edit page 458 KB at national scale.
"""

import re

import pytest
from django.urls import reverse

from action_plans import services
from frameworks.models import FrameworkAction
from toolkit.models import Tactic


@pytest.fixture
def fa(framework):
    return FrameworkAction.objects.select_related("outcome").get(framework=framework, code="2.1.1")


@pytest.fixture
def tools(db):
    return [
        Tactic.objects.create(slug="dvpo-t", name="Domestic violence protection order", kind="civil_order"),
        Tactic.objects.create(slug="spo-t", name="Stalking protection order", kind="civil_order"),
        Tactic.objects.create(slug="clare-t", name="Clare's Law", kind="disclosure_scheme"),
    ]


@pytest.fixture
def action(plan_a, planner_a, fa, tools):
    return services.action_create(
        plan=plan_a, actor=planner_a.user, framework_actions=[fa], tools=tools[:2],
        reference="P2-01", title="Use orders", pillar=fa.outcome.pillar, status="not_started", progress=0,
        priority="high",
    )


def _edit_url(action):
    return reverse("action_plans:action-edit", args=[action.plan_id, action.pk])


def _data(action, fa, **extra):
    data = {"reference": "P2-01", "title": "Use orders", "pillar": fa.outcome.pillar_id, "framework_actions": [fa.pk],
            "status": "not_started", "progress": "0", "priority": "high", "lock_version": action.lock_version}
    data.update(extra)
    return data


def _checkboxes(body):
    return re.findall(r'<input class="govuk-checkboxes__input" id="id_tools_\d+" name="tools" type="checkbox" '
                      r'value="(\d+)"( checked)?>', body)


def _options(body):
    select = body.split('id="id_tools_add"')[1].split("</select>")[0]
    return re.findall(r'<optgroup label="([^"]+)">', select), re.findall(r'<option value="(\d+)"( selected)?>', select)


def test_the_tools_it_uses_are_ticked_and_the_others_listed_by_kind(action, planner_a, tools):
    body = planner_a.get(_edit_url(action)).content.decode()
    assert _checkboxes(body) == [(str(tools[0].pk), " checked"), (str(tools[1].pk), " checked")]
    groups, options = _options(body)
    assert groups == ["Disclosure scheme"]
    assert options == [(str(tools[2].pk), "")]


def test_a_tool_is_added_from_the_list_and_removed_by_unticking(action, planner_a, fa, tools):
    response = planner_a.post(_edit_url(action), _data(action, fa, tools=[tools[0].pk], tools_add=[tools[2].pk]))
    assert response.status_code == 302
    assert set(action.tools.all()) == {tools[0], tools[2]}


def test_a_new_action_takes_its_tools_from_the_list(plan_a, planner_a, fa, tools):
    url = reverse("action_plans:action-create", args=[plan_a.pk])
    body = planner_a.get(url).content.decode()
    assert "This action uses no toolkit tools yet" in body
    assert _options(body)[0] == ["Civil order", "Disclosure scheme"]
    data = {"reference": "P2-02", "title": "New", "pillar": fa.outcome.pillar_id, "status": "not_started",
            "progress": "0", "priority": "high", "tools_add": [tools[1].pk, tools[2].pk]}
    assert planner_a.post(url, data).status_code == 302
    assert set(plan_a.actions.get(reference="P2-02").tools.all()) == {tools[1], tools[2]}


def test_the_form_keeps_the_choices_when_it_comes_back_with_errors(action, planner_a, fa, tools):
    data = _data(action, fa, title="", tools=[tools[0].pk], tools_add=[tools[2].pk])
    body = planner_a.post(_edit_url(action), data).content.decode()
    assert "Enter the action title" in body
    # The unticked tool stays on the page, unticked; the added one stays selected.
    assert _checkboxes(body) == [(str(tools[0].pk), " checked"), (str(tools[1].pk), "")]
    assert _options(body)[1] == [(str(tools[2].pk), " selected")]
    assert set(action.tools.all()) == {tools[0], tools[1]}


def test_an_unknown_tool_is_refused_with_a_message(action, planner_a, fa):
    response = planner_a.post(_edit_url(action), _data(action, fa, tools_add=["999999"]))
    assert response.status_code == 200
    assert "Select tools from the list" in response.content.decode()


def test_tool_names_are_escaped(action, planner_a, tools):
    Tactic.objects.create(slug="x", name='<script>alert(1)</script>', kind="notice")
    tools[0].name = '"><img src=x onerror=alert(1)>'
    tools[0].save()
    body = planner_a.get(_edit_url(action)).content.decode()
    assert "<script>alert(1)" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_edit_page_stays_light_with_a_national_size_toolkit(action, planner_a, django_assert_max_num_queries):
    # 1,150 tools is the national-scale demo (50 x the shipped 23). One checkbox per tool was
    # about 400 bytes each; one option is about 60. A generous bound, far below the old page.
    Tactic.objects.bulk_create(
        Tactic(slug=f"tool-{n}", name=f"Protective tool number {n}", kind=Tactic.Kind.values[n % 6])
        for n in range(1150)
    )
    with django_assert_max_num_queries(20):
        body = planner_a.get(_edit_url(action)).content
    assert len(body) < 160_000
