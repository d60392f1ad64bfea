"""Import views: the plan's own planners and chief officers, while it is a draft or returned."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from action_plans.models import ActionPlan, LocalAction

from .io_conftest_helpers import action_in, csv_bytes, row


def _url(plan, done=False):
    return f"/plans/{plan.pk}/import/{'done/' if done else ''}"


def _upload(content, name="actions.csv"):
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


@pytest.mark.parametrize("persona", ["planner_a", "chief_a"])
def test_the_forces_planners_and_chief_officers_see_the_upload_form(request, plan_a, persona):
    response = request.getfixturevalue(persona).get(_url(plan_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Import actions from a spreadsheet" in html
    assert 'enctype="multipart/form-data"' in html
    assert f'href="/plans/{plan_a.pk}/export.csv"' in html
    assert "<title>Import actions – Force A Constabulary – VAWG Portal</title>" in html


def test_a_good_file_is_saved_and_the_counts_are_confirmed(planner_a, plan_a):
    existing = action_in(plan_a, reference="P1-01", title="Old")
    response = planner_a.post(_url(plan_a), _upload(csv_bytes([row("P1-01", "New"), row("P1-02", "Added")])))
    assert response.status_code == 302
    assert response["Location"] == _url(plan_a, done=True)
    existing.refresh_from_db()
    assert (existing.title, existing.lock_version) == ("New", 2)
    assert LocalAction.objects.get(reference="P1-02").history.first().history_user == planner_a.user

    page = planner_a.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Actions imported" in html
    assert '<dd class="govuk-summary-list__value" id="count-created">1</dd>' in html
    assert '<dd class="govuk-summary-list__value" id="count-updated">1</dd>' in html
    assert f'href="/plans/{plan_a.pk}/"' in html


def test_a_file_with_row_errors_saves_nothing_and_lists_them(planner_a, plan_a):
    content = csv_bytes([row("P1-01"), row("P1-02", pillar="P9"), row("P1-03", target_on="31 March")])
    response = planner_a.post(_url(plan_a), _upload(content))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Import actions" in html
    assert "There is a problem" in html
    assert "The file has 2 problems in 2 rows. Nothing has been saved" in html
    assert 'href="#id_file"' in html
    assert "Problems in the file" in html
    assert "<td class=\"govuk-table__cell\">P9 is not a pillar of this plan&#x27;s framework</td>" in html
    assert "<td class=\"govuk-table__cell\">Enter a real date, like 2026-03-31</td>" in html
    assert LocalAction.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select a CSV or Excel (.xlsx) file"),
        (_upload(b"%PDF", name="plan.pdf"), "The selected file must be a CSV or Excel (.xlsx) file"),
        (_upload(b"", name="plan.csv"), "The selected file is empty"),
        (_upload(b"x" * (2 * 1024 * 1024 + 1)), "The selected file must be smaller than 2MB"),
        (_upload(b"Name,Value\r\n1,2\r\n"), "The file is missing the columns Reference"),
        (_upload(b"not a workbook", name="plan.xlsx"), "The selected file must be a CSV or Excel (.xlsx) file"),
    ],
)
def test_a_bad_file_gets_a_gov_uk_error(planner_a, plan_a, data, message):
    response = planner_a.post(_url(plan_a), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "Problems in the file" not in html
    assert LocalAction.objects.count() == 0


@pytest.mark.parametrize("persona", ["viewer_a", "coordinator", "analyst"])
def test_people_who_can_see_but_not_change_the_plan_are_refused(request, plan_a, persona):
    client = request.getfixturevalue(persona)
    assert client.get(_url(plan_a)).status_code == 403
    assert client.post(_url(plan_a), _upload(csv_bytes([row()]))).status_code == 403
    assert LocalAction.objects.count() == 0


def test_another_forces_draft_is_not_found(planner_b, plan_a):
    assert planner_b.get(_url(plan_a)).status_code == 404
    assert planner_b.post(_url(plan_a), _upload(csv_bytes([row()]))).status_code == 404


def test_another_forces_approved_plan_is_visible_but_not_changeable(planner_b, plan_a):
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=ActionPlan.Status.APPROVED)
    assert planner_b.get(_url(plan_a)).status_code == 403


@pytest.mark.parametrize("status", ["awaiting_signoff", "submitted", "approved", "superseded"])
def test_the_plan_must_be_a_draft_or_returned(planner_a, plan_a, status):
    # A rule of the plan's state: the page says why (issue 11), it is not a 403.
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=status)
    response = planner_a.post(_url(plan_a), _upload(csv_bytes([row()])))
    assert response.status_code == 409
    assert "You cannot import actions while the plan is" in response.content.decode()
    assert LocalAction.objects.count() == 0
    page = planner_a.get(_url(plan_a))
    assert page.status_code == 200 and "Only a draft or returned plan can be changed." in page.content.decode()
    assert 'type="file"' not in page.content.decode()


def test_a_returned_plan_may_be_imported_into(chief_a, plan_a):
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=ActionPlan.Status.RETURNED)
    assert chief_a.post(_url(plan_a), _upload(csv_bytes([row()]))).status_code == 302
    assert LocalAction.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, plan_a):
    for response in (anonymous.get(_url(plan_a)), anonymous.post(_url(plan_a), _upload(csv_bytes([row()])))):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert LocalAction.objects.count() == 0


def test_import_answers_only_get_and_post(planner_a, plan_a):
    assert planner_a.put(_url(plan_a)).status_code == 405


def test_the_confirmation_without_an_import_goes_back_to_the_form(planner_a, plan_a):
    response = planner_a.get(_url(plan_a, done=True))
    assert response.status_code == 302
    assert response["Location"] == _url(plan_a)


def test_the_confirmation_of_another_forces_draft_is_not_found(planner_b, plan_a):
    assert planner_b.get(_url(plan_a, done=True)).status_code == 404
