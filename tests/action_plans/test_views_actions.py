"""Action pages: add, edit (with stale-edit refusal), delete, not applicable, progress, filters, history."""

import datetime

import pytest
from django.urls import reverse

from action_plans import services
from action_plans.models import ActionPlan, CoverageExemption, LocalAction, ProgressUpdate
from frameworks.models import FrameworkAction, Outcome

from .factories import LocalActionFactory


def _url(name, plan, *args):
    return reverse(f"action_plans:{name}", args=[plan.pk, *args])


def _action_data(fa, **overrides):
    data = {"reference": "P1-01", "title": "Train first responders", "pillar": fa.outcome.pillar_id,
            "outcome": fa.outcome_id, "framework_actions": [fa.pk], "status": "not_started", "rag": "",
            "progress": "0", "priority": "high", "owner_team": "Safeguarding"}
    data.update(overrides)
    return data


@pytest.fixture
def fa(framework):
    return FrameworkAction.objects.select_related("outcome").get(framework=framework, code="1.1.1")


def test_add_action_page_prefills_from_a_gap_and_saves(plan_a, planner_a, fa):
    form = planner_a.get(_url("action-create", plan_a) + f"?framework_action={fa.pk}").context["form"]
    assert form.initial["framework_actions"] == [fa.pk]
    response = planner_a.post(_url("action-create", plan_a), _action_data(fa))
    assert response.status_code == 302
    action = LocalAction.objects.get(plan=plan_a)
    assert (action.reference, action.priority, action.owner_team) == ("P1-01", "high", "Safeguarding")
    assert list(action.framework_actions.all()) == [fa]


def test_add_action_shows_required_messages(plan_a, planner_a):
    body = planner_a.post(_url("action-create", plan_a), {}).content.decode()
    for message in ["Enter the action reference", "Enter the action title", "Select a pillar"]:
        assert message in body
    assert not LocalAction.objects.exists()


def test_add_action_refuses_an_outcome_of_another_pillar_and_dates_out_of_order(plan_a, planner_a, fa, framework):
    other_outcome = framework.pillars.get(code="P2").outcomes.first()
    data = _action_data(fa, outcome=other_outcome.pk, start_on_0="1", start_on_1="6", start_on_2="2022",
                        target_on_0="1", target_on_1="5", target_on_2="2022")
    body = planner_a.post(_url("action-create", plan_a), data).content.decode()
    assert "Choose an outcome of pillar P1" in body
    assert "The target date must be the same as or after the start date" in body
    assert not LocalAction.objects.exists()


def test_add_action_to_a_submitted_plan_is_refused_on_the_page(submitted_plan_a, planner_a, fa):
    count = submitted_plan_a.actions.count()
    body = planner_a.post(_url("action-create", submitted_plan_a), _action_data(fa, reference="NEW")).content.decode()
    assert "cannot be changed" in body
    assert submitted_plan_a.actions.count() == count


def test_other_force_cannot_add_actions(plan_a, planner_b, fa):
    assert planner_b.post(_url("action-create", plan_a), _action_data(fa)).status_code == 404
    assert not LocalAction.objects.exists()


def test_edit_action_saves(covered_plan_a, planner_a, fa):
    action = covered_plan_a.actions.get(framework_actions=fa)
    data = _action_data(fa, reference=action.reference, title="Renamed", lock_version=action.lock_version)
    response = planner_a.post(_url("action-edit", covered_plan_a, action.pk), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.lock_version) == ("Renamed", 2)


def test_stale_edit_is_refused_showing_both_versions(covered_plan_a, planner_a, chief_a_user, fa):
    action = covered_plan_a.actions.get(framework_actions=fa)
    opened_version = action.lock_version
    services.action_update(action=action, expected_version=opened_version, actor=chief_a_user, title="Chief's title")
    data = _action_data(fa, reference=action.reference, title="Planner's title", lock_version=opened_version)
    response = planner_a.post(_url("action-edit", covered_plan_a, action.pk), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "changed by someone else" in body
    assert ("Title", "Planner's title", "Chief's title") in response.context["stale"]
    assert 'id="stale-versions"' in body
    action.refresh_from_db()
    assert action.title == "Chief's title"
    # Saving again, having seen the newer version, keeps the planner's.
    assert response.context["form"].data["lock_version"] == action.lock_version
    data["lock_version"] = action.lock_version
    assert planner_a.post(_url("action-edit", covered_plan_a, action.pk), data).status_code == 302
    action.refresh_from_db()
    assert action.title == "Planner's title"


def test_delete_action(covered_plan_a, planner_a, viewer_a):
    action = covered_plan_a.actions.first()
    assert viewer_a.post(_url("action-delete", covered_plan_a, action.pk)).status_code == 403
    assert planner_a.post(_url("action-delete", covered_plan_a, action.pk)).status_code == 302
    assert not LocalAction.objects.filter(pk=action.pk).exists()


def test_mark_not_applicable_and_undo(plan_a, planner_a, fa):
    url = _url("exemption-set", plan_a, fa.pk)
    assert "Enter why the action does not apply" in planner_a.post(url, {"reason": ""}).content.decode()
    assert planner_a.post(url, {"reason": "No ports in our area"}).status_code == 302
    assert CoverageExemption.objects.get(plan=plan_a).reason == "No ports in our area"
    assert planner_a.post(_url("exemption-clear", plan_a, fa.pk)).status_code == 302
    assert not CoverageExemption.objects.exists()


def test_exemption_of_another_frameworks_action_is_404(plan_a, planner_a):
    from .factories import build_framework

    other = build_framework(pillars=1).actions.first()
    assert planner_a.post(_url("exemption-set", plan_a, other.pk), {"reason": "x"}).status_code == 404


def test_post_progress_on_an_approved_plan(approved_plan_a, planner_a):
    action = approved_plan_a.actions.first()
    today = datetime.date.today()
    data = {"on_0": today.day, "on_1": today.month, "on_2": today.year, "narrative": "Launched", "rag": "green",
            "progress": "50"}
    response = planner_a.post(_url("progress-post", approved_plan_a, action.pk), data)
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(action=action).narrative == "Launched"
    page = planner_a.get(_url("action-detail", approved_plan_a, action.pk)).content.decode()
    assert "Launched" in page and "50%" in page


def test_post_progress_on_a_draft_is_refused_on_the_page(covered_plan_a, planner_a):
    action = covered_plan_a.actions.first()
    today = datetime.date.today()
    data = {"on_0": today.day, "on_1": today.month, "on_2": today.year, "narrative": "x", "rag": "green",
            "progress": "5"}
    body = planner_a.post(_url("progress-post", covered_plan_a, action.pk), data).content.decode()
    assert "Progress is posted on approved plans only" in body
    assert not ProgressUpdate.objects.exists()


def test_progress_rejects_bad_numbers_with_a_clear_error(approved_plan_a, planner_a):
    action = approved_plan_a.actions.first()
    data = {"on_0": "1", "on_1": "1", "on_2": "2022", "narrative": "x", "rag": "green", "progress": "150"}
    body = planner_a.post(_url("progress-post", approved_plan_a, action.pk), data).content.decode()
    assert "Progress must be 100 or less" in body


def test_action_list_filters_and_sorts(covered_plan_a, planner_a, framework):
    LocalAction.objects.filter(plan=covered_plan_a, reference="L-001").update(
        rag="red", owner_team="Custody", target_on=datetime.date(2020, 1, 1))
    LocalAction.objects.filter(plan=covered_plan_a, reference="L-002").update(rag="green", progress=90)
    url = _url("plan-actions", covered_plan_a)
    refs = lambda response: [a.reference for a in response.context["actions"]]  # noqa: E731
    assert refs(planner_a.get(url, {"rag": "red"})) == ["L-001"]
    assert refs(planner_a.get(url, {"owner": "Custody"})) == ["L-001"]
    assert refs(planner_a.get(url, {"overdue": "on"})) == ["L-001"]
    p2 = framework.pillars.get(code="P2")
    assert all(r.startswith("L-") for r in refs(planner_a.get(url, {"pillar": p2.pk})))
    assert len(refs(planner_a.get(url, {"pillar": p2.pk}))) == 4
    assert refs(planner_a.get(url, {"sort": "progress"}))[-1] == "L-002"
    assert len(refs(planner_a.get(url, {"pillar": "nonsense", "sort": "nonsense"}))) == 12


def test_action_list_filters_by_outcome_named_or_addressed(covered_plan_a, planner_a, framework):
    # Each L- action names the outcome of the framework action it addresses (two per outcome).
    outcome = Outcome.objects.filter(pillar__framework=framework).order_by("pillar__position", "position").first()
    other = Outcome.objects.filter(pillar__framework=framework).exclude(pk=outcome.pk).order_by("pk").first()
    url = _url("plan-actions", covered_plan_a)
    refs = lambda response: sorted(a.reference for a in response.context["actions"])  # noqa: E731
    named = sorted(covered_plan_a.actions.filter(outcome=outcome).values_list("reference", flat=True))
    assert len(named) == 2
    assert refs(planner_a.get(url, {"outcome": outcome.pk})) == named
    # An action of another outcome that also addresses one of this outcome's framework actions is in it too.
    extra = covered_plan_a.actions.filter(outcome=other).order_by("reference").first()
    extra.framework_actions.add(FrameworkAction.objects.filter(outcome=outcome).first())
    assert refs(planner_a.get(url, {"outcome": outcome.pk})) == sorted([*named, extra.reference])
    response = planner_a.get(url, {"outcome": outcome.pk})
    assert f'<option value="{outcome.pk}" selected>' in response.content.decode()
    # A value that is not one of the framework's outcomes is dropped, not refused.
    assert len(refs(planner_a.get(url, {"outcome": "999999"}))) == 12
    assert len(refs(planner_a.get(url, {"outcome": "nonsense"}))) == 12


def test_history_page_shows_field_changes_with_who(covered_plan_a, planner_a, planner_a_user, fa):
    action = covered_plan_a.actions.get(framework_actions=fa)
    services.action_update(action=action, expected_version=action.lock_version, actor=planner_a_user, title="New")
    response = planner_a.get(_url("action-history", covered_plan_a, action.pk))
    latest = response.context["entries"][0]
    assert latest["who"] == planner_a_user
    assert ("Title", action.title, "New") in latest["changes"]
    assert "Pat Planner" in response.content.decode()


def test_needs_update_lists_stale_actions_of_approved_plans_for_the_force(approved_plan_a, planner_a, planner_b,
                                                                         planner_a_user, coordinator):
    fresh, *stale = list(approved_plan_a.actions.order_by("reference"))
    services.progress_post(action=fresh, actor=planner_a_user, on=datetime.date.today(), narrative="x", rag="green",
                           progress=10)
    listed = [a.pk for a in planner_a.get(reverse("action_plans:needs-update")).context["actions"]]
    assert listed == [a.pk for a in stale]
    assert list(planner_b.get(reverse("action_plans:needs-update")).context["actions"]) == []
    assert len(coordinator.get(reverse("action_plans:needs-update")).context["actions"]) == len(stale)


def test_start_from_previous_page(approved_plan_a, planner_a, coordinator_user, force_a):
    from .factories import ActionPlanFactory, PlanningRoundFactory

    next_round = PlanningRoundFactory(framework=approved_plan_a.round.framework, opened_by=coordinator_user,
                                      previous_round=approved_plan_a.round)
    plan = ActionPlanFactory(force=force_a, round=next_round)
    assert "Start from your previous plan" in planner_a.get(_url("plan-detail", plan)).content.decode()
    assert planner_a.post(_url("plan-start-from-previous", plan)).status_code == 302
    assert plan.actions.count() == approved_plan_a.actions.count()


def test_plan_details_page_saves(plan_a, planner_a):
    body = planner_a.post(_url("plan-details", plan_a), {}).content.decode()
    assert "Enter the name of the lead chief officer" in body
    planner_a.post(_url("plan-details", plan_a), {"lead_chief_officer": "DCC Jones", "foreword": "Our plan"})
    plan_a.refresh_from_db()
    assert (plan_a.lead_chief_officer, plan_a.foreword) == ("DCC Jones", "Our plan")


def test_overview_lists_gaps_with_links(plan_a, planner_a, fa):
    LocalActionFactory(plan=plan_a, pillar_id=fa.outcome.pillar_id).framework_actions.add(fa)
    response = planner_a.get(_url("plan-detail", plan_a))
    gaps = [row.framework_action.code for row in response.context["coverage"].gaps]
    assert "1.1.1" not in gaps and "1.1.2" in gaps and len(gaps) == 11
    body = response.content.decode()
    assert _url("exemption-set", plan_a, FrameworkAction.objects.get(code="1.1.2", framework=fa.framework).pk) in body
    assert ActionPlan.objects.get(pk=plan_a.pk).status == "draft"


def test_needs_update_is_paginated(approved_plan_a, planner_a, settings, monkeypatch):
    from action_plans import views

    monkeypatch.setattr(views, "NEEDS_UPDATE_PAGE_SIZE", 5)
    first = planner_a.get(reverse("action_plans:needs-update"))
    assert len(first.context["actions"]) == 5
    assert 'rel="next"' in first.content.decode()
    last = planner_a.get(reverse("action_plans:needs-update"), {"page": 3})
    assert len(last.context["actions"]) == 2
    assert planner_a.get(reverse("action_plans:needs-update"), {"page": "nonsense"}).status_code == 200


def test_history_shows_choice_labels_and_pillar_names(covered_plan_a, planner_a, planner_a_user, framework):
    action = covered_plan_a.actions.order_by("reference").first()
    new_pillar = framework.pillars.get(code="P3")
    services.action_update(action=action, expected_version=action.lock_version, actor=planner_a_user,
                           status="on_hold", pillar=new_pillar, outcome=None)
    changes = planner_a.get(_url("action-history", covered_plan_a, action.pk)).context["entries"][0]["changes"]
    assert ("Status", "Not started", "On hold") in changes
    assert ("Pillar", str(action.pillar), str(new_pillar)) in changes


def test_add_action_ignores_a_malformed_framework_action(plan_a, planner_a):
    response = planner_a.get(_url("action-create", plan_a) + "?framework_action=abc")
    assert response.status_code == 200
    assert response.context["form"].initial.get("framework_actions") is None
