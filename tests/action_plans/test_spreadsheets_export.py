import csv
import io
import zipfile

from openpyxl import load_workbook

from action_plans.spreadsheets import (
    HEADERS,
    XLSX_HEADERS,
    plan_actions_import,
    plan_export_csv,
    plan_export_xlsx,
    plan_rows,
)

from .io_conftest_helpers import action_in, two_actions_add


def _csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_export_has_the_documented_columns_in_order(plan_a):
    plan_with_actions = two_actions_add(plan_a)
    rows = _csv(plan_export_csv(plan=plan_with_actions))
    assert rows[0] == [
        "Reference", "Title", "Description", "Pillar code", "Outcome code", "Framework action codes",
        "Owner team", "Lead officer", "Partners", "Start date", "Target date", "Status", "RAG", "Progress %",
        "Success measure", "Priority", "Toolkit tools",
    ]
    assert rows[0] == HEADERS


def test_export_writes_every_action_with_codes_iso_dates_and_labels(plan_a):
    plan_with_actions = two_actions_add(plan_a)
    rows = _csv(plan_export_csv(plan=plan_with_actions))
    assert len(rows) == 3
    assert rows[1] == [
        "P1-01", "Train call handlers", "All call handlers.\nTwice a year.", "P1", "P1.a", "1.1.1; 1.1.2",
        "Public protection", "DCI Reid", "Victim services", "2026-04-01", "2027-03-31", "In progress", "Amber",
        "40", "90% trained", "High", "",
    ]
    assert rows[2][:6] == ["P2-01", "Review stalking cases", "", "P2", "P2.a", ""]
    assert rows[2][9:] == ["", "", "Not started", "", "0", "", "Medium", ""]


def test_export_prefixes_formula_like_text_with_a_quote(plan_a):
    action_in(plan_a, reference="-1", title="=HYPERLINK(\"http://evil.example\",\"x\")", owner_team="+44 113",
              lead_officer="@SUM(A1)", partners="\tTabbed", success_measure="\rReturn")
    row = _csv(plan_export_csv(plan=plan_a))[1]
    assert row[0] == "'-1"
    assert row[1] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert row[6:9] == ["'+44 113", "'@SUM(A1)", "'\tTabbed"]
    assert row[14] == "'\rReturn"


def test_xlsx_export_has_the_same_rows_and_types_text_as_text(plan_a):
    action_in(plan_a, reference="P1-01", title="=1+1", progress=25)
    workbook = load_workbook(io.BytesIO(plan_export_xlsx(plan=plan_a)))
    sheet = workbook["Actions"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == XLSX_HEADERS
    assert values[1][:2] == ["P1-01", "=1+1"]
    assert values[1][XLSX_HEADERS.index("Progress %")] == 25
    title_cell = sheet.cell(row=2, column=2)
    assert title_cell.data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_export_of_a_plan_with_no_actions_is_the_header_only(plan_a):
    assert plan_rows(plan=plan_a) == [HEADERS]


def test_export_reads_the_plan_in_a_fixed_number_of_queries(plan_a, django_assert_num_queries):
    plan_with_actions = two_actions_add(plan_a)
    for n in range(5):
        action_in(plan_with_actions, reference=f"P3-{n}", framework_action_codes=["3.1.1"])
    # Actions with pillar and outcome, their framework actions, their toolkit tools.
    with django_assert_num_queries(3):
        plan_export_csv(plan=plan_with_actions)


def test_control_characters_that_excel_cannot_hold_are_dropped_from_xlsx(plan_a):
    action_in(plan_a, reference="P1-01", title="Bell\x07 and\x01 nul", description="Line one\nLine two\tend")
    sheet = load_workbook(io.BytesIO(plan_export_xlsx(plan=plan_a)))["Actions"]
    assert sheet.cell(row=2, column=2).value == "Bell and nul"
    assert sheet.cell(row=2, column=3).value == "Line one\nLine two\tend"


def test_xlsx_text_cells_are_typed_as_text_and_carry_no_formula_quote(plan_a, planner_a_user):
    formulas = {
        "reference": "-1", "title": '=HYPERLINK("http://evil.example","x")', "owner_team": "+44 113",
        "lead_officer": "@SUM(A1)", "partners": "=cmd|' /C calc'!A0", "success_measure": "-50% repeat calls",
    }
    action_in(plan_a, **formulas)
    sheet = load_workbook(io.BytesIO(plan_export_xlsx(plan=plan_a)))["Actions"]
    cells = {column: sheet.cell(row=2, column=XLSX_HEADERS.index(header) + 1)
             for column, header in [("reference", "Reference"), ("title", "Title"), ("owner_team", "Owner team"),
                                    ("lead_officer", "Lead officer"), ("partners", "Partners"),
                                    ("success_measure", "Success measure")]}
    assert {column: cell.value for column, cell in cells.items()} == formulas
    assert {cell.data_type for cell in cells.values()} == {"s"}
    archive = zipfile.ZipFile(io.BytesIO(plan_export_xlsx(plan=plan_a)))
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        assert b"<f>" not in archive.read(name)


def test_an_xlsx_export_imports_back_unchanged_even_with_leading_quotes(plan_a, planner_a_user):
    action = action_in(plan_a, reference="P1-01", title="'=quoted on purpose", owner_team="'plain quote",
                       description="=1+1")
    content = plan_export_xlsx(plan=plan_a)
    sheet = load_workbook(io.BytesIO(content))["Actions"]
    assert sheet.cell(row=2, column=XLSX_HEADERS.index("Owner team") + 1).value == "'plain quote"
    result = plan_actions_import(plan=plan_a, filename="back.xlsx", content=content, user=planner_a_user)
    assert (result.errors, result.unchanged) == ([], 1)
    action.refresh_from_db()
    assert (action.title, action.owner_team, action.description) == ("'=quoted on purpose", "'plain quote", "=1+1")
