"""
The .xlsx export reads as a report as well as a round trip: a cover sheet (force, status, sign-off,
coverage, when exported), real date cells, pillar and outcome names beside their codes, a frozen
header row and an autofilter; and a workbook exported with its cover sheet imports back.
"""

import datetime
import io

import time_machine
from openpyxl import Workbook, load_workbook

from action_plans.models import ActionPlan, LocalAction
from action_plans.spreadsheets import HEADERS, XLSX_HEADERS, plan_actions_import, plan_export_xlsx

from .io_conftest_helpers import row as upload_row
from .io_conftest_helpers import two_actions_add, xlsx_bytes


def _workbook(plan):
    return load_workbook(io.BytesIO(plan_export_xlsx(plan=plan)))


def _cover(workbook) -> dict:
    sheet = workbook["Cover"]
    return {label: value for label, value in sheet.iter_rows(min_row=3, max_col=2, values_only=True) if label}


def test_the_cover_sheet_comes_first_and_opens_first(plan_a):
    workbook = _workbook(two_actions_add(plan_a))
    assert workbook.sheetnames == ["Cover", "Actions"]
    assert workbook.active.title == "Cover"
    assert workbook["Cover"]["A1"].value == "Force A Constabulary action plan"


@time_machine.travel(datetime.datetime(2026, 6, 2, 9, 30, tzinfo=datetime.UTC), tick=False)
def test_the_cover_sheet_says_force_status_sign_off_coverage_and_when_exported(plan_a):
    ActionPlan.objects.filter(pk=plan_a.pk).update(
        status=ActionPlan.Status.AWAITING_SIGNOFF, signed_off_name="Sam Chief", signed_off_rank="Chief Constable",
        signed_off_on=datetime.date(2026, 5, 20), lead_chief_officer="Sam Chief")
    plan_a.refresh_from_db()
    workbook = _workbook(two_actions_add(plan_a))
    cover = _cover(workbook)
    assert cover["Force"] == "Force A Constabulary"
    assert cover["Plan status"].startswith("Signed off")
    assert cover["Signed off by"] == "Sam Chief, Chief Constable"
    assert cover["Signed off on"] == datetime.datetime(2026, 5, 20)
    # Two of the 12 framework actions are addressed (1.1.1 and 1.1.2).
    assert cover["Framework actions addressed"] == "2 of 12"
    assert abs(cover["Coverage"] - 2 / 12) < 1e-9
    assert cover["Actions"] == 2
    # 09:30 UTC is 10:30 in London in June.
    assert cover["Exported at"] == datetime.datetime(2026, 6, 2, 10, 30)
    sheet = workbook["Cover"]
    cells = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2) for r in range(3, sheet.max_row + 1)}
    assert cells["Coverage"].number_format == "0%"
    assert cells["Signed off on"].is_date and cells["Exported at"].is_date


def test_a_plan_not_signed_off_says_so(plan_a):
    assert _cover(_workbook(plan_a))["Signed off by"] == "Not signed off"


def test_force_text_on_the_cover_is_typed_as_text_not_a_formula(plan_a):
    ActionPlan.objects.filter(pk=plan_a.pk).update(lead_chief_officer="=HYPERLINK(\"x\")")
    plan_a.refresh_from_db()
    sheet = _workbook(plan_a)["Cover"]
    cell = next(sheet.cell(row=r, column=2) for r in range(3, sheet.max_row + 1)
                if sheet.cell(row=r, column=1).value == "Lead chief officer")
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"x\")", "s")


def test_the_actions_sheet_has_real_dates_names_beside_codes_a_frozen_header_and_a_filter(plan_a):
    sheet = _workbook(two_actions_add(plan_a))["Actions"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == XLSX_HEADERS
    assert headers[headers.index("Pillar code") + 1] == "Pillar name"
    assert headers[headers.index("Outcome code") + 1] == "Outcome name"
    first = dict(zip(headers, sheet[2], strict=True))
    assert first["Start date"].is_date and first["Start date"].value == datetime.datetime(2026, 4, 1)
    assert first["Target date"].number_format == "dd/mm/yyyy"
    assert first["Pillar name"].value == plan_a.actions.get(reference="P1-01").pillar.title
    assert first["Outcome name"].value == plan_a.actions.get(reference="P1-01").outcome.title
    # The sparse action has no dates: empty cells, not empty strings.
    second = {header: cell.value for header, cell in zip(headers, sheet[3], strict=True)}
    assert second["Start date"] is None
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(headers)).column_letter}3"


def test_an_export_with_its_cover_sheet_imports_back_unchanged_and_with_edits(plan_a, planner_a_user):
    plan = two_actions_add(plan_a)
    before = {a.reference: a.lock_version for a in LocalAction.objects.filter(plan=plan)}
    content = plan_export_xlsx(plan=plan)
    result = plan_actions_import(plan=plan, filename="plan.xlsx", content=content, user=planner_a_user)
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, 2)
    assert {a.reference: a.lock_version for a in LocalAction.objects.filter(plan=plan)} == before

    # Edit the Actions sheet as a person would: a new target date (a date cell) and a new row.
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Actions"]
    target = XLSX_HEADERS.index("Target date") + 1
    sheet.cell(row=2, column=target, value=datetime.datetime(2027, 6, 30))
    new_row = dict(zip(XLSX_HEADERS, [cell.value for cell in sheet[3]], strict=True))
    new_row.update({"Reference": "P2-02", "Title": "Added in Excel", "Pillar name": "anything: ignored"})
    sheet.append([new_row[h] for h in XLSX_HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = plan_actions_import(plan=plan, filename="plan.xlsx", content=buffer.getvalue(), user=planner_a_user)
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 1, 1, 1)
    assert LocalAction.objects.get(plan=plan, reference="P1-01").target_on == datetime.date(2027, 6, 30)
    assert LocalAction.objects.get(plan=plan, reference="P2-02").title == "Added in Excel"


def test_a_workbook_of_ones_own_with_one_sheet_of_any_name_still_imports(plan_a, planner_a_user):
    content = xlsx_bytes([upload_row("P1-09")])
    workbook = load_workbook(io.BytesIO(content))
    workbook.active.title = "My plan"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = plan_actions_import(plan=plan_a, filename="mine.xlsx", content=buffer.getvalue(), user=planner_a_user)
    assert (result.errors, result.created) == ([], 1)


def test_a_cover_sheet_first_with_the_actions_elsewhere_is_read_from_the_actions_sheet(plan_a, planner_a_user):
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Anything at all"])
    actions = workbook.create_sheet("Actions")
    actions.append(HEADERS)
    actions.append(upload_row("P1-10"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = plan_actions_import(plan=plan_a, filename="x.xlsx", content=buffer.getvalue(), user=planner_a_user)
    assert (result.errors, result.created) == ([], 1)
