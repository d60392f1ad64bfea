"""CSV import and export of figures: all-or-nothing, round-trip, locking, scope, a fixed number of queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.errors import DomainError
from performance.models import Return, ReturnValue
from performance.services.transfer import HEADER, returns_export_csv, returns_import_csv

from .conftest import full_figures, store


def csv_bytes(rows, *, bom=False, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def rows_for(force_code, period_label, figures, notes=None):
    notes = notes or {}
    return [
        [
            force_code,
            period_label,
            code,
            breakdown,
            "" if value is None else str(value),
            notes.get(code, "") if not breakdown else "",
        ]
        for (code, breakdown), value in figures.items()
    ]


@pytest.mark.parametrize("bom", [False, True])
def test_import_writes_every_figure(force_a, open_period, coordinator_user, bom):
    content = csv_bytes(rows_for("force-a", "2026-27 H1", full_figures()), bom=bom)
    result = returns_import_csv(content=content, user=coordinator_user)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    ret = Return.objects.get(force=force_a, period=open_period)
    assert ret.status == Return.Status.DRAFT
    assert ret.values.get(measure__code="P1").value == Decimal("10.0")
    assert ReturnValue.history.filter(history_change_reason="Imported from CSV").count() == 6


def test_import_with_errors_lists_every_row_and_writes_nothing(force_a, open_period, coordinator_user):
    rows = rows_for("force-a", "2026-27 H1", full_figures())
    rows += [
        ["force-z", "2026-27 H1", "C1", "", "5", ""],
        ["force-a", "2030-31 H1", "C1", "", "5", ""],
        ["force-a", "2026-27 H1", "Q9", "", "5", ""],
        ["force-a", "2026-27 H1", "C2", "", "ten", ""],
        ["force-a", "2026-27 H1", "C1", "z", "5", ""],
        ["force-a", "2026-27 H1", "S1", "", "50", ""],
        ["force-a", "2026-27 H1", "D1", "", "", ""],
        ["force-a", "2026-27 H1", "D1", "", "31", ""],
    ]
    result = returns_import_csv(content=csv_bytes(rows), user=coordinator_user)
    assert not result.ok
    messages = [(e.row, e.column, e.message) for e in result.errors]
    assert messages == [
        (8, "force_code", "force-z is not a force code or name"),
        (9, "period", "2030-31 H1 is not a reporting period"),
        (10, "measure_code", "Q9 is not a measure of 2026-27 H1"),
        (11, "value", "Enter a whole number, 0 or more"),
        (12, "breakdown", "z is not a breakdown of C1 (a, b)"),
        (13, "measure_code", "S1 is returned annually, in the period ending in March"),
        (14, "value", "Enter a value, or give the reason it is missing in the note column"),
        (15, "", "Repeats row 7 (same force, period, measure and breakdown)"),
    ]
    assert not ReturnValue.objects.exists()
    assert not Return.objects.exists()


def test_import_checks_figures_against_each_other(force_a, open_period, coordinator_user):
    rows = rows_for("force-a", "2026-27 H1", full_figures(a=10, b=10))
    result = returns_import_csv(content=csv_bytes(rows), user=coordinator_user)
    assert [(e.row, e.message) for e in result.errors] == [
        (2, "The victim ethnicity figures for C1 add up to 20, not the total of 100")
    ]
    assert not ReturnValue.objects.exists()


def test_import_refuses_a_header_it_does_not_know(coordinator_user, open_period):
    with pytest.raises(DomainError, match="The first row must be the header"):
        returns_import_csv(content=csv_bytes([], header=["force", "value"]), user=coordinator_user)
    with pytest.raises(DomainError, match="UTF-8"):
        returns_import_csv(content="force_code,period\n£".encode("latin-1"), user=coordinator_user)


def test_force_user_can_upload_only_their_own_force(force_a, force_b, open_period, planner_a_user):
    rows = rows_for("force-a", "2026-27 H1", full_figures()) + [["force-b", "2026-27 H1", "D1", "", "3", ""]]
    result = returns_import_csv(content=csv_bytes(rows), user=planner_a_user)
    assert [(e.row, e.message) for e in result.errors] == [(8, "You can only upload figures for your own force")]
    assert not ReturnValue.objects.exists()


def test_export_then_import_changes_nothing_even_in_locked_and_approved_returns(
    force_a, force_b, open_period, locked_period, coordinator_user
):
    store(force_a, locked_period, full_figures(), status=Return.Status.APPROVED, notes={"D1": "=HYPERLINK(1)"})
    store(force_b, open_period, full_figures(c1=200, a=100, b=100, c2=50), status=Return.Status.SUBMITTED)
    history_before = ReturnValue.history.count()
    exported = returns_export_csv()
    assert exported.startswith("\ufeff".encode())
    result = returns_import_csv(content=exported, user=coordinator_user)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 12)
    assert ReturnValue.history.count() == history_before


def test_export_cells_cannot_run_as_formulas(force_a, locked_period):
    store(force_a, locked_period, {("D1", ""): None}, notes={"D1": "=cmd|' /C calc'!A0"})
    lines = returns_export_csv().decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(HEADER)
    assert lines[1] == "force-a,2025-26 H2,D1,,,'=cmd|' /C calc'!A0"


def test_a_changed_figure_in_a_locked_or_approved_return_is_a_row_error(
    force_a, force_b, open_period, locked_period, coordinator_user
):
    store(force_a, locked_period, full_figures(), status=Return.Status.DRAFT)
    store(force_b, open_period, full_figures(), status=Return.Status.APPROVED)
    rows = [["force-a", "2025-26 H2", "D1", "", "31", ""], ["force-b", "2026-27 H1", "D1", "", "32", ""]]
    result = returns_import_csv(content=csv_bytes(rows), user=coordinator_user)
    assert [(e.row, e.message[:60]) for e in result.errors] == [
        (2, "The figure has changed, but the period closed on " + result.errors[0].message[49:60]),
        (3, "The figure has changed, but this return has been approved, s"),
    ]
    assert set(ReturnValue.objects.filter(measure__code="D1").values_list("value", flat=True)) == {30}


def test_import_query_count_does_not_grow_with_the_file(force_a, force_b, open_period, locked_period, coordinator_user):
    from .conftest import make_period

    def queries_for(rows):
        ReturnValue.objects.all().delete()
        Return.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            result = returns_import_csv(content=csv_bytes(rows), user=coordinator_user)
        assert result.ok, result.errors
        return len(captured.captured_queries)

    small = queries_for(rows_for("force-a", "2026-27 H1", full_figures()))
    more_periods = [make_period(open_period.measure_set, f"2026-27 Q{i}", opens_in=-5, due_in=10) for i in range(4)]
    big = []
    for force in ("force-a", "force-b"):
        for period in [open_period, *more_periods]:
            big += rows_for(force, period.label, full_figures())
    assert queries_for(big) == small


def test_import_command_exits_non_zero_with_row_errors_and_writes_nothing(tmp_path, force_a, open_period, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["force-a", "2026-27 H1", "C2", "", "-4", ""]]))
    with pytest.raises(CommandError, match="1 problems in 1 rows; nothing was imported"):
        call_command("import_returns", str(path))
    assert "row 2 [value]: Enter a whole number, 0 or more" in capsys.readouterr().err
    assert not ReturnValue.objects.exists()


def test_import_and_export_commands_round_trip(tmp_path, force_a, open_period, capsys):
    source = tmp_path / "in.csv"
    source.write_bytes(csv_bytes(rows_for("force-a", "2026-27 H1", full_figures())))
    call_command("import_returns", str(source))
    assert "6 figures added" in capsys.readouterr().out
    target = tmp_path / "out.csv"
    call_command("export_returns", str(target))
    call_command("import_returns", str(target))
    assert "0 figures added, 0 changed, 0 cleared, 6 unchanged" in capsys.readouterr().out


def test_a_changed_figure_in_an_open_return_is_updated_with_history(force_a, open_period, coordinator_user):
    rows = rows_for("force-a", "2026-27 H1", full_figures())
    returns_import_csv(content=csv_bytes(rows), user=coordinator_user)
    rows = rows_for("force-a", "2026-27 H1", full_figures(d1=45), notes={"D1": "New case system"})
    result = returns_import_csv(content=csv_bytes(rows), user=coordinator_user)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 5)
    value = ReturnValue.objects.get(measure__code="D1")
    assert (value.value, value.note) == (Decimal(45), "New case system")
    assert list(value.history.order_by("history_date").values_list("value", "note")) == [
        (Decimal(30), ""),
        (Decimal(45), "New case system"),
    ]


@pytest.mark.parametrize("typed", ["FORCE-A", "Force A Constabulary", "force a constabulary", "FAC"])
def test_import_accepts_a_force_name_or_alias_in_any_case(force_a, open_period, coordinator_user, typed):
    force_a.aliases = "FAC"
    force_a.save()
    result = returns_import_csv(content=csv_bytes(rows_for(typed, "2026-27 H1", full_figures())),
                                user=coordinator_user)
    assert result.ok, result.errors
    assert Return.objects.get(force=force_a, period=open_period).values.count() == 6


def test_an_unknown_force_name_stays_a_row_error(force_a, open_period, coordinator_user):
    rows = rows_for("force-a", "2026-27 H1", full_figures()) + [["Police Scotland", "2026-27 H1", "C1", "", "5", ""]]
    result = returns_import_csv(content=csv_bytes(rows), user=coordinator_user)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (8, "force_code", "Police Scotland is not a force code or name"),
    ]
    assert not ReturnValue.objects.exists()


def test_a_planner_cannot_reach_another_force_through_its_alias(force_a, force_b, open_period, planner_a_user):
    force_b.aliases = "FBP"
    force_b.save()
    result = returns_import_csv(content=csv_bytes(rows_for("fbp", "2026-27 H1", full_figures())),
                                user=planner_a_user)
    assert {e.message for e in result.errors} == {"You can only upload figures for your own force"}
    assert not ReturnValue.objects.exists()
