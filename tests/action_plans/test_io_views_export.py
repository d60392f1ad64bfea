"""Export views: anyone who may see the plan downloads it; others get 404."""

import io

import pytest
from openpyxl import load_workbook

from action_plans.models import ActionPlan

from .io_conftest_helpers import two_actions_add


def _url(plan, kind="csv"):
    return f"/plans/{plan.pk}/export.{kind}"


@pytest.mark.parametrize("persona", ["planner_a", "chief_a", "viewer_a", "coordinator", "analyst"])
def test_people_who_may_see_the_plan_download_csv(request, plan_a, persona):
    two_actions_add(plan_a)
    response = request.getfixturevalue(persona).get(_url(plan_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="force-a-plan-{plan_a.pk}-r1-actions.csv"'
    assert response["Cache-Control"] == "private, no-store"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Reference,Title,Description,Pillar code")
    assert len(lines) == 4  # header, two actions, the first with a two-line description


def test_xlsx_download_is_a_workbook_with_the_actions(planner_a, plan_a):
    two_actions_add(plan_a)
    response = planner_a.get(_url(plan_a, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content))["Actions"]
    assert [row[0].value for row in sheet.iter_rows()] == ["Reference", "P1-01", "P2-01"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_another_forces_draft_is_not_found(planner_b, plan_a, kind):
    assert planner_b.get(_url(plan_a, kind)).status_code == 404


def test_another_forces_approved_plan_may_be_downloaded(planner_b, plan_a):
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=ActionPlan.Status.APPROVED)
    assert planner_b.get(_url(plan_a)).status_code == 200


def test_a_missing_plan_is_not_found(planner_a, db):
    assert planner_a.get("/plans/999999/export.csv").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, plan_a):
    response = anonymous.get(_url(plan_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_export_only_answers_get(planner_a, plan_a):
    assert planner_a.post(_url(plan_a)).status_code == 405


def test_a_signed_in_user_without_a_role_is_not_shown_the_plan(client, plan_a):
    from tests.factories import UserFactory

    nobody = UserFactory(role="", force=None)
    client.force_login(nobody, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(_url(plan_a)).status_code == 404


def test_the_plan_page_links_to_export_and_import(planner_a, plan_a):
    from django.urls import reverse

    html = planner_a.get(reverse("action_plans:plan-detail", args=[plan_a.pk])).content.decode()
    assert reverse("action_plans:export-csv", args=[plan_a.pk]) in html
    assert reverse("action_plans:export-xlsx", args=[plan_a.pk]) in html
    assert reverse("action_plans:import", args=[plan_a.pk]) in html


def test_a_viewer_gets_export_links_but_no_import(viewer_a, plan_a):
    from django.urls import reverse

    html = viewer_a.get(reverse("action_plans:plan-detail", args=[plan_a.pk])).content.decode()
    assert reverse("action_plans:export-csv", args=[plan_a.pk]) in html
    assert reverse("action_plans:import", args=[plan_a.pk]) not in html
