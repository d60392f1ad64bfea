"""An import refuses dates outside the years the form allows, as the form does (issue 7, finding 8)."""

from action_plans.models import LocalAction
from action_plans.spreadsheets import plan_actions_import

from .io_conftest_helpers import csv_bytes, row


def test_an_import_refuses_years_the_form_would_refuse(plan_a, planner_a_user):
    content = csv_bytes([row("P1-01", start_on="0001-01-01", target_on="9999-12-31"),
                         row("P1-02", start_on="01/01/1900", target_on="")])
    result = plan_actions_import(plan=plan_a, filename="actions.csv", content=content, user=planner_a_user)
    assert [str(error) for error in result.errors] == [
        "Row 2, start date: must be between 1 January 2020 and 31 December 2040",
        "Row 2, target date: must be between 1 January 2020 and 31 December 2040",
        "Row 3, start date: must be between 1 January 2020 and 31 December 2040",
    ]
    assert not LocalAction.objects.exists()
