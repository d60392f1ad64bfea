"""
The quarterly progress grid: every action of a plan in one form, saved at once with errors per row,
only by the force's planners, refused with the reason on a plan that is not approved, and a fixed
number of queries whatever the number of actions.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans.models import ActionPlan, LocalAction, ProgressUpdate
from frameworks.models import FrameworkAction

TODAY = datetime.date.today()


def _url(plan):
    return reverse("action_plans:progress-grid", args=[plan.pk])


def _data(plan, changes=None, on=TODAY):
    """The grid as the browser posts it: every row as loaded, with `changes` {action: {field: value}}."""
    data = {"on_0": on.day, "on_1": on.month, "on_2": on.year}
    for action in plan.actions.all():
        data[f"rag_{action.pk}"] = action.rag
        data[f"progress_{action.pk}"] = str(action.progress)
        data[f"comment_{action.pk}"] = ""
    for action, fields in (changes or {}).items():
        data.update({f"{name}_{action.pk}": value for name, value in fields.items()})
    return data


def _actions(plan):
    return list(plan.actions.order_by("reference"))


def test_it_shows_every_action_with_its_last_update_and_target_date(approved_plan_a, planner_a, planner_a_user):
    from action_plans import services

    first = _actions(approved_plan_a)[0]
    LocalAction.objects.filter(pk=first.pk).update(target_on=datetime.date(2027, 3, 31))
    services.progress_post(action=first, actor=planner_a_user, on=TODAY, narrative="Launched the pilot",
                           rag="amber", progress=30)
    response = planner_a.get(_url(approved_plan_a))
    body = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["form"].rows) == approved_plan_a.actions.count() == 12
    assert "Launched the pilot" in body and "31 Mar 2027" in body
    assert body.count('name="comment_') == 12
    assert re.search(rf'id="id_progress_{first.pk}"[^>]*value="30"', body)


def test_it_saves_changed_rows_at_once_and_ignores_unchanged_ones(approved_plan_a, planner_a):
    first, second, third = _actions(approved_plan_a)[:3]
    response = planner_a.post(_url(approved_plan_a), _data(approved_plan_a, {
        first: {"rag": "green", "progress": "25", "comment": "Started"},
        second: {"rag": "red", "comment": "Blocked by funding"},
    }))
    assert response.status_code == 302
    assert response["Location"] == reverse("action_plans:plan-detail", args=[approved_plan_a.pk])
    assert ProgressUpdate.objects.count() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.rag, first.progress, second.rag, second.progress) == ("green", 25, "red", 0)
    assert not third.updates.exists()
    assert "Progress recorded on 2 actions" in planner_a.get(response["Location"]).content.decode()


def test_a_comment_alone_records_an_update(approved_plan_a, planner_a):
    action = _actions(approved_plan_a)[0]
    LocalAction.objects.filter(pk=action.pk).update(rag="green", progress=50)
    planner_a.post(_url(approved_plan_a), _data(approved_plan_a, {action: {"comment": "No change this quarter"}}))
    assert ProgressUpdate.objects.get(action=action).progress == 50


def test_nothing_changed_is_an_error_and_saves_nothing(approved_plan_a, planner_a):
    response = planner_a.post(_url(approved_plan_a), _data(approved_plan_a))
    assert response.status_code == 200
    assert "Change the RAG status, % complete or comment of at least one action" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_row_errors_are_shown_at_the_row_and_in_the_summary_and_nothing_is_saved(approved_plan_a, planner_a):
    first, second, third = _actions(approved_plan_a)[:3]
    response = planner_a.post(_url(approved_plan_a), _data(approved_plan_a, {
        first: {"rag": "green", "progress": "30", "comment": "Fine"},
        second: {"progress": "30"},
        third: {"progress": "150", "comment": "Too much"},
    }))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith("<!DOCTYPE") and "<title>Error:" in body
    summary = body[body.index("govuk-error-summary"):body.index("</ul>", body.index("govuk-error-summary"))]
    # Each message names its action and links to the row's own field.
    assert f'href="#id_comment_{second.pk}"' in summary and f"Enter a comment on {second.reference}" in summary
    assert f'href="#id_rag_{second.pk}"' in summary and f"Select the RAG status of {second.reference}" in summary
    assert f'href="#id_progress_{third.pk}"' in summary
    assert f"% complete of {third.reference} must be 100 or less" in summary
    assert f'id="id_comment_{second.pk}-error"' in body
    assert "2 actions have problems" in body
    # The valid row was not saved either, and what was typed comes back.
    assert not ProgressUpdate.objects.exists()
    assert re.search(rf'id="id_progress_{first.pk}"[^>]*value="30"', body)


def test_a_draft_plan_says_why_and_offers_no_form(covered_plan_a, planner_a):
    response = planner_a.get(_url(covered_plan_a))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Progress is posted on approved plans only. This plan is draft" in body
    assert response.context["form"] is None and 'name="comment_' not in body
    action = _actions(covered_plan_a)[0]
    response = planner_a.post(_url(covered_plan_a), _data(covered_plan_a, {
        action: {"rag": "green", "progress": "10", "comment": "x"}}))
    assert response.status_code == 200 and "approved plans only" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_the_plan_page_links_to_the_grid_when_approved(approved_plan_a, planner_a, viewer_a):
    url = _url(approved_plan_a)
    plan_url = reverse("action_plans:plan-detail", args=[approved_plan_a.pk])
    assert f'href="{url}"' in planner_a.get(plan_url).content.decode()
    assert f'href="{url}"' not in viewer_a.get(plan_url).content.decode()


def test_chief_officer_of_the_force_may_record_progress(approved_plan_a, chief_a):
    assert chief_a.get(_url(approved_plan_a)).status_code == 200


@pytest.mark.parametrize("persona", ["viewer_a", "planner_b", "coordinator", "analyst"])
def test_other_roles_and_forces_are_refused(approved_plan_a, persona, request):
    client = request.getfixturevalue(persona)
    action = _actions(approved_plan_a)[0]
    assert client.get(_url(approved_plan_a)).status_code == 403
    response = client.post(_url(approved_plan_a), _data(approved_plan_a, {
        action: {"rag": "green", "progress": "10", "comment": "x"}}))
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_another_forces_draft_is_not_found(covered_plan_a, planner_b):
    assert planner_b.get(_url(covered_plan_a)).status_code == 404


def test_anonymous_is_sent_to_sign_in(approved_plan_a, anonymous, login_url):
    response = anonymous.get(_url(approved_plan_a))
    assert response.status_code == 302 and response["Location"].startswith(reverse(login_url))


def test_wrong_method_is_refused(approved_plan_a, planner_a):
    assert planner_a.put(_url(approved_plan_a)).status_code == 405


# Queries ------------------------------------------------------------------------------------------


def _grow(plan, count):
    """Give the approved plan `count` actions in all, each with one earlier update."""
    fas = list(FrameworkAction.objects.filter(framework_id=plan.round.framework_id, audience="forces")
               .select_related("outcome").order_by("pk"))
    LocalAction.objects.bulk_create([
        LocalAction(plan=plan, reference=f"Q-{n:03d}", title=f"Action {n}",
                    pillar_id=fas[n % len(fas)].outcome.pillar_id, target_on=datetime.date(2027, 1, 1))
        for n in range(count - plan.actions.count())
    ])
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(action=a, on=TODAY - datetime.timedelta(days=100), author=plan.approved_by, narrative="Earlier",
                       progress=5, rag="amber")
        for a in plan.actions.all()
    ])


@pytest.fixture
def sqlite_real_variable_limit(monkeypatch):
    """
    Django 5.2 batches bulk writes as if SQLite allowed 999 variables a query; the SQLite in use
    (3.32 or later) allows 32,766, as Django 6 reads it. Without this the SQLite run would split
    150 history rows into batches and count more queries than PostgreSQL does for the same code.
    """
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection.features, "max_query_params", 32766)


def _count(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code == (302 if method == "post" else 200), response.content.decode()[:2000]
    return len(captured.captured_queries)


def _change_every_row(plan, note):
    return _data(plan, {a: {"rag": "green", "progress": "60", "comment": note} for a in plan.actions.all()})


def test_grid_get_and_post_run_a_fixed_number_of_queries_at_10_and_150_actions(
        approved_plan_a, planner_a, django_assert_num_queries, sqlite_real_variable_limit):
    ActionPlan.objects.filter(pk=approved_plan_a.pk).update(approved_by=planner_a.user)
    approved_plan_a.refresh_from_db()
    LocalAction.objects.filter(plan=approved_plan_a).exclude(
        pk__in=list(approved_plan_a.actions.order_by("pk").values_list("pk", flat=True)[:10])).delete()
    _grow(approved_plan_a, 10)
    url = _url(approved_plan_a)
    small = (_count(planner_a, "get", url), _count(planner_a, "post", url, _change_every_row(approved_plan_a, "Q1")))
    _grow(approved_plan_a, 150)
    assert approved_plan_a.actions.count() == 150
    with django_assert_num_queries(small[0]):
        response = planner_a.get(url)
    assert len(response.context["form"].rows) == 150
    data = _change_every_row(approved_plan_a, "Q2")
    with django_assert_num_queries(small[1]):
        response = planner_a.post(url, data)
    assert response.status_code == 302
    assert ProgressUpdate.objects.filter(narrative="Q2").count() == 150


def test_a_made_up_rag_value_is_a_row_error_not_a_500(approved_plan_a, planner_a):
    action = _actions(approved_plan_a)[0]
    response = planner_a.post(_url(approved_plan_a), _data(approved_plan_a, {
        action: {"rag": "purple", "progress": "10", "comment": "x"}}))
    assert response.status_code == 200
    assert f"The RAG status of {action.reference} must be red, amber, green or not rated" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
