import datetime

import pytest

from action_plans.models import ActionPlan, LocalAction
from action_plans.spreadsheets import (
    HEADERS,
    MAX_ROWS,
    plan_actions_import,
    plan_export_csv,
    plan_export_xlsx,
)
from common.errors import DomainError

from .io_conftest_helpers import action_in, csv_bytes, row, two_actions_add, xlsx_bytes

USE_EXPORT = "Use the columns of the exported file."
NOT_EXCEL = "The selected file could not be opened as an Excel (.xlsx) file"


def _import(plan, content, *, user, filename="actions.csv"):
    return plan_actions_import(plan=plan, filename=filename, content=content, user=user)


def _errors(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_import_creates_new_actions_with_every_column(plan_a, planner_a_user):
    content = csv_bytes([
        row("P1-01", "Train call handlers", description="Twice a year", framework_actions="1.1.1; 1.1.2",
            partners="Victim services", status="In progress", rag="amber", progress="40%",
            success_measure="90% trained", priority="HIGH"),
        row("P2-01", "Review stalking cases", pillar="P2", outcome="", framework_actions="", start_on="",
            target_on="", status="", progress="", priority=""),
    ])
    result = _import(plan_a, content, user=planner_a_user)
    assert _errors(result) == []
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)

    first = LocalAction.objects.get(plan=plan_a, reference="P1-01")
    assert first.title == "Train call handlers"
    assert first.pillar.code == "P1" and first.outcome.code == "P1.a"
    assert sorted(first.framework_actions.values_list("code", flat=True)) == ["1.1.1", "1.1.2"]
    assert (first.start_on, first.target_on) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    assert (first.status, first.rag, first.progress, first.priority) == ("in_progress", "amber", 40, "high")
    assert first.lock_version == 1
    assert first.history.first().history_user == planner_a_user

    second = LocalAction.objects.get(plan=plan_a, reference="P2-01")
    assert (second.outcome, second.start_on, second.status, second.progress, second.priority) == (
        None, None, "not_started", 0, "medium"
    )
    assert second.framework_actions.count() == 0


def test_import_updates_by_reference_bumps_the_lock_and_leaves_other_actions_alone(plan_a, planner_a_user):
    kept = action_in(plan_a, reference="P3-09", title="Not in the file")
    changed = action_in(plan_a, reference="P1-01", title="Old title", framework_action_codes=["1.2.1"])
    result = _import(plan_a, csv_bytes([row("P1-01", "New title", framework_actions="1.1.2", progress="55")]),
                     user=planner_a_user)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    changed.refresh_from_db()
    assert changed.title == "New title"
    assert changed.progress == 55
    assert changed.lock_version == 2
    assert list(changed.framework_actions.values_list("code", flat=True)) == ["1.1.2"]
    assert changed.history.count() == 2
    kept.refresh_from_db()
    assert (kept.title, kept.lock_version) == ("Not in the file", 1)
    assert LocalAction.objects.filter(plan=plan_a).count() == 2


def test_import_of_an_unchanged_export_changes_nothing(plan_a, planner_a_user):
    plan_with_actions = two_actions_add(plan_a)
    action_in(plan_with_actions, reference="=1", title="-Tricky '", owner_team="'quoted", partners="@x")
    before = {a.reference: (a.lock_version, a.updated_at) for a in LocalAction.objects.all()}
    for filename, content in [("plan.csv", plan_export_csv(plan=plan_with_actions)),
                              ("plan.xlsx", plan_export_xlsx(plan=plan_with_actions))]:
        result = _import(plan_with_actions, content, user=planner_a_user, filename=filename)
        assert _errors(result) == []
        assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    after = {a.reference: (a.lock_version, a.updated_at) for a in LocalAction.objects.all()}
    assert after == before


def test_an_xlsx_upload_with_real_date_and_number_cells_is_read(plan_a, planner_a_user):
    content = xlsx_bytes([row("P1-01", start_on=datetime.date(2026, 5, 1), target_on=datetime.datetime(2026, 6, 30),
                              progress=75)])
    result = _import(plan_a, content, user=planner_a_user, filename="Actions.XLSX")
    assert _errors(result) == []
    action = LocalAction.objects.get(plan=plan_a)
    assert (action.start_on, action.target_on, action.progress) == (
        datetime.date(2026, 5, 1), datetime.date(2026, 6, 30), 75
    )


def test_uk_dates_as_excel_saves_them_are_accepted(plan_a, planner_a_user):
    result = _import(plan_a, csv_bytes([row(start_on="01/04/2026", target_on="31/03/2027")]), user=planner_a_user)
    assert _errors(result) == []
    assert LocalAction.objects.get().target_on == datetime.date(2027, 3, 31)


def test_a_file_with_several_bad_rows_saves_nothing_and_lists_every_problem(plan_a, planner_a_user):
    existing = action_in(plan_a, reference="P1-01", title="Keep me")
    content = csv_bytes([
        row("P1-01", "Would update"),                                   # row 2: fine on its own
        row("P1-02", "", pillar="P9"),                                  # row 3
        row("P1-03", outcome="P2.a", framework_actions="9.9.9; N.1"),   # row 4
        row("P1-04", start_on="2026-02-30", target_on="2025-01-01"),    # row 5
        row("P1-05", start_on="2026-05-01", target_on="2026-04-01"),    # row 6
        row("P1-06", progress="101", status="Done", rag="Purple", priority="Urgent"),  # row 7
        row("P1-02", "Duplicate", pillar=""),                           # row 8
        row("", "No reference", progress="-5"),                         # row 9
        row("P1-10" * 5, "x" * 201),                                    # row 10
    ])
    result = _import(plan_a, content, user=planner_a_user)
    assert _errors(result) == [
        "Row 3, title: enter the action's title",
        "Row 3, pillar code: P9 is not a pillar of this plan's framework",
        "Row 4, outcome code: P2.a is not an outcome of pillar P1",
        "Row 4, framework action codes: 9.9.9 is not an action in this plan's framework",
        "Row 4, framework action codes: N.1 is an action for the national team, not for forces",
        "Row 5, start date: enter a real date, like 2026-03-31",
        "Row 6, target date: must be the same as or after the start date",
        "Row 7, status: Done is not allowed; enter Not started, In progress, Complete or On hold",
        "Row 7, RAG: Purple is not allowed; enter Red, Amber, Green or leave it blank",
        "Row 7, priority: Urgent is not allowed; enter High, Medium or Low",
        "Row 7, progress %: enter a whole number from 0 to 100",
        "Row 8, reference: P1-02 is also used in row 3; use each reference once",
        "Row 8, pillar code: enter a pillar code, like P1",
        "Row 9, reference: enter a reference, like P2-04",
        "Row 9, progress %: enter a whole number from 0 to 100",
        "Row 10, reference: must be 20 characters or fewer",
        "Row 10, title: must be 200 characters or fewer",
    ]
    assert result.rows_with_errors == 8
    assert (result.created, result.updated) == (0, 0)
    assert LocalAction.objects.filter(plan=plan_a).count() == 1
    existing.refresh_from_db()
    assert (existing.title, existing.lock_version) == ("Keep me", 1)


def test_headers_may_come_in_any_order_and_case(plan_a, planner_a_user):
    headers = [h.upper() for h in reversed(HEADERS)]
    content = csv_bytes([list(reversed(row("P1-01", "Reversed")))], headers=headers)
    result = _import(plan_a, content, user=planner_a_user)
    assert _errors(result) == []
    assert LocalAction.objects.get().title == "Reversed"


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (HEADERS[:-3], "The file is missing the columns Success measure, Priority. " + USE_EXPORT),
        ([*HEADERS, "Budget"], "The file has a column we do not recognise: Budget. " + USE_EXPORT),
        ([*HEADERS, "Title"], "The file has the column Title more than once"),
        # The toolkit tools column is optional: a file without it keeps each action's tools.
        (["Name", "Value"], "The file is missing the columns " + ", ".join(HEADERS[:-1]) + ". " + USE_EXPORT),
    ],
)
def test_wrong_or_missing_headers_are_refused(plan_a, planner_a_user, headers, message):
    result = _import(plan_a, csv_bytes([row()], headers=headers), user=planner_a_user)
    assert _errors(result) == [message]
    assert LocalAction.objects.count() == 0


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("actions.csv", b"", "The selected file is empty"),
        ("actions.csv", b"\r\n\r\n", "The selected file is empty"),
        ("actions.csv", ",".join(HEADERS).encode() + b"\r\n,,,\r\n", "The file has a header row but no actions"),
        ("actions.pdf", b"%PDF-1.7", "The selected file must be a CSV or Excel (.xlsx) file"),
        ("actions.xlsx", b"not a zip file", "The selected file must be a CSV or Excel (.xlsx) file"),
        ("actions.csv", b"PK\x03\x04\x00\x00binary", "The selected file must be a CSV or Excel (.xlsx) file"),
        ("actions.xlsx", b"PK\x05\x06" + b"\x00" * 18, NOT_EXCEL),
        ("actions.csv", b"x" * (2 * 1024 * 1024 + 1), "The selected file must be smaller than 2MB"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(plan_a, planner_a_user, filename, content, message):
    result = _import(plan_a, content, user=planner_a_user, filename=filename)
    assert _errors(result) == [message]
    assert LocalAction.objects.count() == 0


def test_a_file_over_the_row_limit_is_refused(plan_a, planner_a_user):
    content = csv_bytes([row(f"R{n}") for n in range(MAX_ROWS + 1)])
    result = _import(plan_a, content, user=planner_a_user)
    assert _errors(result) == ["The file must have no more than 2,000 rows of actions"]
    assert LocalAction.objects.count() == 0


def test_a_windows_1252_csv_from_excel_is_read(plan_a, planner_a_user):
    content = csv_bytes([row(title="Café outreach – phase 1")]).decode().encode("cp1252")
    result = _import(plan_a, content, user=planner_a_user)
    assert _errors(result) == []
    assert LocalAction.objects.get().title == "Café outreach – phase 1"


def test_blank_rows_are_skipped_and_row_numbers_match_the_spreadsheet(plan_a, planner_a_user):
    content = csv_bytes([["" for _ in HEADERS], row("P1-01"), row("P1-02", target_on="soon")])
    result = _import(plan_a, content, user=planner_a_user)
    assert _errors(result) == ["Row 4, target date: enter a real date, like 2026-03-31"]


@pytest.mark.parametrize("status", [ActionPlan.Status.AWAITING_SIGNOFF, ActionPlan.Status.SUBMITTED,
                                    ActionPlan.Status.APPROVED, ActionPlan.Status.SUPERSEDED])
def test_import_is_refused_unless_the_plan_is_draft_or_returned(plan_a, planner_a_user, status):
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=status)
    with pytest.raises(DomainError, match="You cannot import actions while the plan is"):
        _import(plan_a, csv_bytes([row()]), user=planner_a_user)
    assert LocalAction.objects.count() == 0


def test_a_returned_plan_takes_an_import(plan_a, planner_a_user):
    ActionPlan.objects.filter(pk=plan_a.pk).update(status=ActionPlan.Status.RETURNED)
    result = _import(plan_a, csv_bytes([row()]), user=planner_a_user)
    assert result.created == 1


def test_codes_from_another_framework_are_unknown(plan_a, plan_b, planner_a_user):
    from .factories import build_framework

    build_framework(pillars=4)
    result = _import(plan_a, csv_bytes([row(pillar="P4", outcome="", framework_actions="")]), user=planner_a_user)
    assert _errors(result) == ["Row 2, pillar code: P4 is not a pillar of this plan's framework"]


def test_importing_150_rows_takes_a_fixed_number_of_queries(plan_a, planner_a_user, django_assert_max_num_queries):
    content = csv_bytes([row(f"R{n:03d}", framework_actions="1.1.1; 1.2.1") for n in range(150)])
    with django_assert_max_num_queries(20):
        result = _import(plan_a, content, user=planner_a_user)
    assert result.created == 150
    assert LocalAction.framework_actions.through.objects.count() == 300
    with django_assert_max_num_queries(20):
        result = _import(plan_a, content.replace(b"Train", b"Coach"), user=planner_a_user)
    assert result.updated == 150
    assert set(LocalAction.objects.values_list("lock_version", flat=True)) == {2}


def test_blank_rows_in_a_workbook_do_not_hide_rows_beyond_them(plan_a, planner_a_user):
    blank = [None] * len(HEADERS)
    content = xlsx_bytes([blank] * 300 + [row(f"R{n}") for n in range(MAX_ROWS - 1)] + [row("LAST", target_on="x")])
    result = _import(plan_a, content, user=planner_a_user, filename="a.xlsx")
    assert _errors(result) == [f"Row {1 + 300 + MAX_ROWS}, target date: enter a real date, like 2026-03-31"]


def test_a_workbook_over_the_row_limit_is_refused(plan_a, planner_a_user):
    content = xlsx_bytes([row(f"R{n}") for n in range(MAX_ROWS + 1)])
    result = _import(plan_a, content, user=planner_a_user, filename="a.xlsx")
    assert _errors(result) == ["The file must have no more than 2,000 rows of actions"]


def test_toolkit_tools_are_exported_and_imported_by_id(plan_a, planner_a_user):
    from action_plans.spreadsheets import plan_rows
    from toolkit.models import Tactic

    spo = Tactic.objects.create(slug="stalking-protection-order", name="Stalking protection order", kind="civil_order")
    dvpn = Tactic.objects.create(slug="dvpn", name="Domestic violence protection notice", kind="notice")
    result = _import(plan_a, csv_bytes([row(tools="stalking-protection-order; DVPN")]), user=planner_a_user)
    assert _errors(result) == []
    action = LocalAction.objects.get()
    assert set(action.tools.all()) == {spo, dvpn}
    assert plan_rows(plan=plan_a)[1][-1] == "dvpn; stalking-protection-order"

    version = action.lock_version
    result = _import(plan_a, csv_bytes([row(tools="dvpn")]), user=planner_a_user)
    assert (result.updated, result.unchanged) == (1, 0)
    action.refresh_from_db()
    assert list(action.tools.all()) == [dvpn]
    assert action.lock_version == version + 1


def test_a_file_without_the_tools_column_keeps_each_actions_tools(plan_a, planner_a_user):
    from toolkit.models import Tactic

    spo = Tactic.objects.create(slug="spo", name="Stalking protection order", kind="civil_order")
    _import(plan_a, csv_bytes([row(tools="spo")]), user=planner_a_user)
    old_headers = HEADERS[:-1]
    result = _import(plan_a, csv_bytes([row(title="Renamed")[:-1]], headers=old_headers), user=planner_a_user)
    assert _errors(result) == []
    action = LocalAction.objects.get()
    assert action.title == "Renamed"
    assert list(action.tools.all()) == [spo]


def test_an_unknown_tool_is_a_row_error_and_nothing_is_saved(plan_a, planner_a_user):
    result = _import(plan_a, csv_bytes([row(tools="no-such-order")]), user=planner_a_user)
    assert any("no-such-order is not a tool in the toolkit" in e for e in _errors(result))
    assert LocalAction.objects.count() == 0
