"""
The shorter action form: framework actions grouped by pillar (narrowed by htmx when the pillar
changes, fieldsets without JavaScript), the next free reference suggested, service errors at the
field as well as in the summary, "Save and add another", and help text written by us.
"""

import re

import pytest
from django.urls import reverse

from action_plans import selectors
from action_plans.models import LocalAction
from frameworks.models import FrameworkAction, Pillar

from .factories import LocalActionFactory


def _url(name, plan, *args):
    return reverse(f"action_plans:{name}", args=[plan.pk, *args])


@pytest.fixture
def fa(framework):
    return FrameworkAction.objects.select_related("outcome__pillar").get(framework=framework, code="2.1.1")


def _data(fa, **overrides):
    data = {"reference": "P2-01", "title": "Use orders", "pillar": fa.outcome.pillar_id, "framework_actions": [fa.pk],
            "status": "not_started", "rag": "", "progress": "0", "priority": "high"}
    data.update(overrides)
    return data


def test_next_reference_counts_on_from_the_highest_of_the_pillar(plan_a, framework):
    p1, p2 = Pillar.objects.filter(framework=framework).order_by("position")[:2]
    assert selectors.action_reference_next(plan=plan_a, pillar=None) == "P1-01"
    for ref in ("P2-01", "P2-07", "P2-x", "P1-03"):
        LocalActionFactory(plan=plan_a, reference=ref, pillar=p2)
    assert selectors.action_reference_next(plan=plan_a, pillar=p2) == "P2-08"
    assert selectors.action_reference_next(plan=plan_a, pillar=p1) == "P1-04"
    LocalActionFactory(plan=plan_a, reference="P2-8", pillar=p2)  # P2-08 free, but P2-8 is the same number
    assert selectors.action_reference_next(plan=plan_a, pillar=p2) == "P2-09"


def test_add_page_suggests_the_reference_for_the_gaps_pillar(plan_a, planner_a, fa):
    form = planner_a.get(_url("action-create", plan_a) + f"?framework_action={fa.pk}").context["form"]
    assert form.initial["reference"] == "P2-01" and form.initial["pillar"] == fa.outcome.pillar_id
    assert planner_a.get(_url("action-create", plan_a)).context["form"].initial["reference"] == "P1-01"


def test_without_javascript_framework_actions_are_in_a_fieldset_per_pillar(plan_a, planner_a):
    body = planner_a.get(_url("action-create", plan_a)).content.decode()
    legends = re.findall(r'<fieldset class="govuk-fieldset app-framework-pillar"[^>]*>\s*<legend[^>]*>([^<]+)<', body)
    assert [legend.strip() for legend in legends] == ["P1 Pillar 1", "P2 Pillar 2", "P3 Pillar 3"]
    assert "Outcome P2.a: Outcome 2a" in body
    # Every expected framework action once, numbered in order so the error summary's link lands.
    assert body.count('name="framework_actions"') == 12 and 'id="id_framework_actions_1"' in body
    assert "National action" not in body


def test_the_pillar_select_asks_htmx_for_that_pillars_actions(plan_a, planner_a):
    body = planner_a.get(_url("action-create", plan_a)).content.decode()
    select = re.search(r'<select[^>]*name="pillar"[^>]*>', body).group(0)
    assert f'hx-get="{_url("action-framework-actions", plan_a)}"' in select
    assert 'hx-target="#div_id_framework_actions"' in select


def test_htmx_answer_puts_the_chosen_pillar_first_and_keeps_ticked_ones(plan_a, planner_a, framework):
    p2 = Pillar.objects.get(framework=framework, code="P2")
    ticked = FrameworkAction.objects.get(framework=framework, code="1.1.1")
    response = planner_a.get(_url("action-framework-actions", plan_a),
                             {"pillar": p2.pk, "framework_actions": [ticked.pk, "x"]}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.index("P2 Pillar 2") < body.index("<details") < body.index("P1 Pillar 1")
    assert "Other pillars' framework actions (1 ticked)" in body
    assert re.search(rf'value="{ticked.pk}" checked', body)
    assert body.count('name="framework_actions"') == 12


def test_only_the_add_forms_pillar_select_sends_the_reference(plan_a, planner_a):
    action = LocalActionFactory(plan=plan_a, reference="P1-01")
    add = planner_a.get(_url("action-create", plan_a)).content.decode()
    edit = planner_a.get(_url("action-edit", plan_a, action.pk)).content.decode()
    assert "hx-include=\"[name=&#x27;framework_actions&#x27;], [name=&#x27;reference&#x27;]\"" in add
    assert "hx-include=\"[name=&#x27;framework_actions&#x27;]\"" in edit


def _oob_group(body):
    match = re.search(r'<div id="div_id_reference"[^>]*hx-swap-oob="true"[^>]*>.*?<input[^>]*>\s*</div>', body, re.S)
    return match and match.group(0)


@pytest.mark.parametrize("current", ["P2-08", "", "P1-01"])
def test_htmx_answer_swaps_in_the_new_pillars_reference_for_a_suggestion(plan_a, planner_a, framework, current):
    p2, p3 = Pillar.objects.get(framework=framework, code="P2"), Pillar.objects.get(framework=framework, code="P3")
    for ref in ("P2-01", "P2-07", "P3-01"):
        LocalActionFactory(plan=plan_a, reference=ref, pillar=p2 if ref.startswith("P2") else p3)
    # P2-08 is what the page suggested for P2 (P1-01 for no pillar); blank is no one's choice.
    body = planner_a.get(_url("action-framework-actions", plan_a),
                         {"pillar": p3.pk, "reference": current}, HTTP_HX_REQUEST="true").content.decode()
    group = _oob_group(body)
    assert group is not None and 'value="P3-02"' in group
    # The same input the page has: its id, name, width, hint and label.
    assert re.search(r'<input type="text" name="reference" value="P3-02" maxlength="20" '
                     r'class="govuk-input govuk-input--width-10" aria-describedby="id_reference_hint" '
                     r'id="id_reference">', group)
    assert '<label for="id_reference" class="govuk-label">Reference</label>' in group
    assert body.count('id="div_id_framework_actions"') == 1


@pytest.mark.parametrize("typed", ["P2-07", "P3-01", "AB-1", "P2-09", "Mine"])
def test_htmx_answer_keeps_a_reference_the_planner_typed(plan_a, planner_a, framework, typed):
    p2, p3 = Pillar.objects.get(framework=framework, code="P2"), Pillar.objects.get(framework=framework, code="P3")
    for ref in ("P2-01", "P2-07", "P3-01"):
        LocalActionFactory(plan=plan_a, reference=ref, pillar=p2 if ref.startswith("P2") else p3)
    body = planner_a.get(_url("action-framework-actions", plan_a),
                         {"pillar": p3.pk, "reference": typed}, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-swap-oob" not in body and 'name="reference"' not in body


def test_htmx_answer_without_a_reference_leaves_it_alone(plan_a, planner_a, framework):
    """The edit form sends no reference: its action's reference is never replaced."""
    p3 = Pillar.objects.get(framework=framework, code="P3")
    body = planner_a.get(_url("action-framework-actions", plan_a), {"pillar": p3.pk}).content.decode()
    assert "hx-swap-oob" not in body


def test_without_javascript_a_taken_suggestion_is_refused_at_the_field(plan_a, planner_a, fa, framework):
    """The page's suggestion is for the pillar chosen when it loaded; a reference in use is the field's error."""
    p1 = Pillar.objects.get(framework=framework, code="P1")
    suggested = planner_a.get(_url("action-create", plan_a)).context["form"].initial["reference"]
    LocalActionFactory(plan=plan_a, reference=suggested, pillar=p1)
    response = planner_a.post(_url("action-create", plan_a), {**_data(fa, reference=suggested), "submit": "Save"})
    assert response.status_code == 200
    assert response.context["form"].errors["reference"] == [
        f"Another action in this plan already has the reference {suggested}."]


@pytest.mark.parametrize("persona,status", [("viewer_a", 403), ("planner_b", 404), ("analyst", 403)])
def test_htmx_answer_is_for_the_forces_planners_only(plan_a, persona, status, request):
    assert request.getfixturevalue(persona).get(_url("action-framework-actions", plan_a)).status_code == status


def test_save_and_add_another_returns_to_a_fresh_form_for_the_same_pillar(plan_a, planner_a, fa):
    response = planner_a.post(_url("action-create", plan_a), {**_data(fa), "add_another": "Save and add another"})
    assert response.status_code == 302
    assert response["Location"] == f"{_url('action-create', plan_a)}?pillar={fa.outcome.pillar_id}"
    page = planner_a.get(response["Location"])
    assert page.context["form"].initial["reference"] == "P2-02"
    assert "Action P2-01 added" in page.content.decode()
    assert LocalAction.objects.filter(plan=plan_a).count() == 1


def test_save_goes_back_to_the_plan(plan_a, planner_a, fa):
    response = planner_a.post(_url("action-create", plan_a), {**_data(fa), "submit": "Save action"})
    assert response["Location"] == _url("plan-detail", plan_a)


def test_edit_page_has_no_save_and_add_another(plan_a, planner_a, fa):
    action = LocalActionFactory(plan=plan_a, reference="P2-01", pillar=fa.outcome.pillar)
    assert "Save and add another" in planner_a.get(_url("action-create", plan_a)).content.decode()
    assert "Save and add another" not in planner_a.get(_url("action-edit", plan_a, action.pk)).content.decode()


def test_a_taken_reference_is_shown_at_the_field_and_in_the_summary(plan_a, planner_a, fa):
    LocalActionFactory(plan=plan_a, reference="P2-01", pillar=fa.outcome.pillar)
    response = planner_a.post(_url("action-create", plan_a), _data(fa))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["reference"] == [
        "Another action in this plan already has the reference P2-01."]
    assert '<a href="#id_reference">Another action in this plan already has the reference P2-01.</a>' in body
    assert re.search(r'id="id_reference_\d+_error"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span>\s*'
                     r"Another action in this plan already has the reference P2-01", body)


def test_help_text_for_title_success_measure_and_rag(plan_a, planner_a):
    body = planner_a.get(_url("action-create", plan_a)).content.decode()
    assert "Say what the force will do, starting with a verb" in body
    assert "How you will know the action worked" in body
    assert "Green: on track. Amber: at risk" in body
