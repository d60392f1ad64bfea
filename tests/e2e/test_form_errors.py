"""
Every form shows the service's GOV.UK errors, never the browser's, and every error-summary link lands.

Each form is submitted empty (or with a bad date) in a real browser. If a form lacked `novalidate`,
Chromium would stop the submission with "Please fill out this field" and the "Error:" title would
never appear. check_a11y then clicks every error-summary link and checks that focus reaches an
input, select or textarea of the field: the first radio or checkbox, the Day box of a date.
"""

import datetime

import pytest

from action_plans import services
from action_plans.models import ActionPlan
from frameworks.models import FrameworkAction
from tests.action_plans.factories import drive_to

from .conftest import check_a11y
from .test_action_plans import _date, _switch, draft  # noqa: F401 - draft is a fixture


@pytest.fixture
def complete(draft, planner_a_user):  # noqa: F811 - the imported fixture
    """Force A's draft with its two gaps marked not applicable, so it can go through the workflow."""
    for code in ["3.2.1", "3.2.2"]:
        fa = FrameworkAction.objects.get(framework=draft.round.framework, code=code)
        services.exemption_set(plan=draft, framework_action=fa, reason="Not applicable", actor=planner_a_user)
    return draft


def _submit_expecting_errors(page, button: str, name: str) -> str:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: "), f"{name}: no GOV.UK error page (browser validation?)"
    check_a11y(page, name)
    return page.locator(".govuk-error-summary").inner_text()


def _links(page) -> dict[str, str]:
    links = page.locator(".govuk-error-summary__list a")
    return {links.nth(i).inner_text(): links.nth(i).get_attribute("href") for i in range(links.count())}


def test_the_round_form_links_checkboxes_and_dates_to_real_boxes(page, coordinator_user, draft):  # noqa: F811
    _switch(page, coordinator_user.email)
    page.goto("/plans/rounds/new/")
    for box in page.locator('input[name="forces"]').all():
        box.uncheck()
    _submit_expecting_errors(page, "Open round", "round-form-errors")
    assert _links(page) == {
        "Enter the round title": "#id_title",
        "Enter the due date": "#id_due_on_0",
        "Select at least one force": "#id_forces_1",
    }
    page.fill('input[name="due_on_1"]', "3")
    page.fill('input[name="due_on_2"]', "2030")
    _submit_expecting_errors(page, "Open round", "round-form-date-errors")
    assert _links(page)["Due date must include a day"] == "#id_due_on_0"


def test_the_draft_plan_forms_show_govuk_errors(page, planner_a_user, draft):  # noqa: F811
    _switch(page, planner_a_user.email)
    page.goto(f"/plans/{draft.pk}/actions/new/")
    page.get_by_label("Progress (%)").fill("")
    page.fill('input[name="start_on_2"]', "2025")
    page.fill('input[name="target_on_0"]', "1")
    page.fill('input[name="target_on_1"]', "1")
    page.fill('input[name="target_on_2"]', "1")
    _submit_expecting_errors(page, "Save action", "action-form-all-errors")
    links = _links(page)
    assert links["Start date must include a day and month"] == "#id_start_on_0"
    assert links["Target date must include a year with 4 numbers, like 2027"] == "#id_target_on_2"
    assert links["Enter the progress, from 0 to 100"] == "#id_progress"

    page.goto(f"/plans/{draft.pk}/details/")
    page.get_by_label("Lead chief officer").fill("")
    _submit_expecting_errors(page, "Save details", "plan-details-errors")

    fa = FrameworkAction.objects.get(framework=draft.round.framework, code="3.2.2")
    page.goto(f"/plans/{draft.pk}/framework-actions/{fa.pk}/not-applicable/")
    _submit_expecting_errors(page, "Mark not applicable", "exemption-form-errors")


def test_sign_off_and_send_back_show_govuk_errors(page, planner_a_user, chief_a_user, coordinator_user, complete):
    drive_to(complete, ActionPlan.Status.AWAITING_SIGNOFF, planner=planner_a_user, chief=chief_a_user,
             coordinator=coordinator_user)
    _switch(page, chief_a_user.email)
    page.goto(f"/plans/{complete.pk}/sign-off/")
    assert page.get_by_label("Full name").get_attribute("autocomplete") == "name"
    assert page.get_by_label("Rank").get_attribute("autocomplete") == "organization-title"
    page.get_by_label("Full name").fill("")
    page.get_by_label("Sign-off statement").fill("")
    page.fill('input[name="signed_on_2"]', "2024")
    _submit_expecting_errors(page, "Sign off plan", "sign-off-errors")
    links = _links(page)
    assert links["Date of sign-off must include a day and month"] == "#id_signed_on_0"
    _date(page, "signed_on", datetime.date(1900, 1, 1))
    _submit_expecting_errors(page, "Sign off plan", "sign-off-1900")
    assert "Date of sign-off must be between 1 January 2020 and 31 December 2040" in _links(page)
    page.fill('input[name="signed_on_2"]', "99999")
    _submit_expecting_errors(page, "Sign off plan", "sign-off-year-99999")
    assert _links(page)["Date of sign-off must include a year with 4 numbers, like 2027"] == "#id_signed_on_2"
    complete.refresh_from_db()
    assert complete.signed_off_on is None

    page.goto(f"/plans/{complete.pk}/send-back/")
    _submit_expecting_errors(page, "Send back", "send-back-errors")


def test_the_progress_form_links_its_radios_to_the_first_choice(page, planner_a_user, chief_a_user,
                                                                   coordinator_user, complete):
    drive_to(complete, ActionPlan.Status.APPROVED, planner=planner_a_user, chief=chief_a_user,
             coordinator=coordinator_user)
    action = complete.actions.order_by("reference").first()
    _switch(page, planner_a_user.email)
    page.goto(f"/plans/{complete.pk}/actions/{action.pk}/progress/")
    page.get_by_label("Progress (%)").fill("")
    _submit_expecting_errors(page, "Post update", "progress-form-errors")
    links = _links(page)
    assert links["Select the RAG status"] == "#id_rag_1"
    assert links["Enter the date of update"] == "#id_on_0"
