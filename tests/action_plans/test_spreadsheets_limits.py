"""
What an import may store is bounded like the forms, and checked before anything is written
(issue 7, findings 3 and 6): an .xlsx file's unpacked size, its rows and columns, each cell's
length, and control characters (no line breaks in single-line columns).
"""

import io
import zipfile

import pytest

from action_plans.models import LocalAction
from action_plans.spreadsheets import (
    HEADERS,
    MAX_COLUMNS,
    MAX_UPLOAD_BYTES,
    MAX_XLSX_UNPACKED_BYTES,
    plan_actions_import,
)
from common.validators import TEXT_MAX_LENGTH

from .io_conftest_helpers import action_in, csv_bytes, row, xlsx_bytes

TOO_MUCH = "The selected file holds too much data: an Excel file must unpack to no more than 20MB."


def _import(plan, content, *, user, filename="actions.csv"):
    return plan_actions_import(plan=plan, filename=filename, content=content, user=user)


def _errors(result) -> list[str]:
    return [str(error) for error in result.errors]


@pytest.fixture
def existing(plan_a):
    """An action the refused imports would have changed: it must stay as it was."""
    return action_in(plan_a, reference="P1-01", title="Kept as it was", description="Unchanged")


def _nothing_written(plan, existing) -> None:
    assert list(LocalAction.objects.filter(plan=plan).values_list("reference", flat=True)) == ["P1-01"]
    existing.refresh_from_db()
    assert (existing.title, existing.description, existing.lock_version) == ("Kept as it was", "Unchanged", 1)


def test_a_small_workbook_with_a_huge_cell_is_refused_by_row_and_saves_nothing(plan_a, planner_a_user, existing):
    huge = "A" * (5 * 1024 * 1024)
    content = xlsx_bytes([row("P1-01", "New title"), row("P1-02", "Second", description=huge)])
    assert len(content) < MAX_UPLOAD_BYTES / 10  # it compresses to almost nothing

    result = _import(plan_a, content, user=planner_a_user, filename="actions.xlsx")

    assert _errors(result) == [f"Row 3, description: must be {TEXT_MAX_LENGTH:,} characters or fewer"]
    _nothing_written(plan_a, existing)


def test_a_cell_at_the_limit_is_stored(plan_a, planner_a_user, existing):
    longest = "B" * TEXT_MAX_LENGTH
    result = _import(plan_a, xlsx_bytes([row("P1-02", "Second", description=longest, partners=longest,
                                            success_measure=longest)]), user=planner_a_user, filename="a.xlsx")
    assert _errors(result) == []
    assert LocalAction.objects.get(plan=plan_a, reference="P1-02").description == longest


def test_a_zip_bomb_is_refused_before_it_is_opened(plan_a, planner_a_user, existing, monkeypatch):
    buffer = io.BytesIO(xlsx_bytes([row("P1-01", "New title")]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (MAX_XLSX_UNPACKED_BYTES + 1))
    content = buffer.getvalue()
    assert len(content) < MAX_UPLOAD_BYTES

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a file that unpacks too big")

    monkeypatch.setattr("action_plans.spreadsheets.load_workbook", never)
    result = _import(plan_a, content, user=planner_a_user, filename="actions.xlsx")

    assert _errors(result) == [TOO_MUCH.removesuffix(".") + ". Check it holds only the plan's actions"]
    _nothing_written(plan_a, existing)


def test_a_zip_with_too_many_members_is_refused(plan_a, planner_a_user, existing):
    buffer = io.BytesIO(xlsx_bytes([row("P1-01", "New title")]))
    with zipfile.ZipFile(buffer, "a") as archive:
        for n in range(250):
            archive.writestr(f"xl/media/{n}.bin", b"")
    result = _import(plan_a, buffer.getvalue(), user=planner_a_user, filename="actions.xlsx")
    assert _errors(result)[0].startswith("The selected file holds too much data")
    _nothing_written(plan_a, existing)


@pytest.mark.parametrize("filename", ["actions.csv", "actions.xlsx"])
def test_a_file_wider_than_the_column_limit_is_refused(plan_a, planner_a_user, existing, filename):
    wide = [*row("P1-01", "New title"), *[""] * (MAX_COLUMNS - len(HEADERS)), "something far to the right"]
    make = csv_bytes if filename.endswith(".csv") else xlsx_bytes
    result = _import(plan_a, make([wide]), user=planner_a_user, filename=filename)
    assert _errors(result) == [
        f"The file must have no more than {MAX_COLUMNS} columns. Use the columns of the exported file."
    ]
    _nothing_written(plan_a, existing)


def test_blank_columns_beyond_the_limit_are_ignored(plan_a, planner_a_user, existing):
    wide = [*row("P1-02", "Second"), *[""] * (MAX_COLUMNS + 5)]
    result = _import(plan_a, csv_bytes([wide]), user=planner_a_user)
    assert _errors(result) == [] and result.created == 1


def test_an_over_long_csv_cell_is_a_row_error(plan_a, planner_a_user, existing):
    content = csv_bytes([row("P1-01", "New title", success_measure="C" * (TEXT_MAX_LENGTH + 1)),
                         row("P1-02", "T" * 201), row("P1-03", "Fine", framework_actions="1" * 5000)])
    result = _import(plan_a, content, user=planner_a_user)
    assert _errors(result) == [
        f"Row 2, success measure: must be {TEXT_MAX_LENGTH:,} characters or fewer",
        "Row 3, title: must be 200 characters or fewer",
        "Row 4, framework action codes: must be 1,000 characters or fewer",
    ]
    _nothing_written(plan_a, existing)


def test_a_csv_cell_beyond_what_the_csv_reader_takes_is_refused_with_its_line(plan_a, planner_a_user, existing):
    content = csv_bytes([row("P1-01", "New title"), row("P1-02", "Second", description="D" * 200_000)])
    result = _import(plan_a, content, user=planner_a_user)
    assert _errors(result) == [
        f"Line 3 of the file has a cell longer than {TEXT_MAX_LENGTH:,} characters. "
        "Shorten it and upload the file again"
    ]
    _nothing_written(plan_a, existing)


_CONTROL_CASES = [
    ("title", "Train call\nhandlers", "title: must not contain line breaks or control characters"),
    ("title", "Train call\rhandlers", "title: must not contain line breaks or control characters"),
    ("reference", "P1\t02", "reference: must not contain line breaks or control characters"),
    ("owner_team", "Public\u2028protection", "owner team: must not contain line breaks or control characters"),
    ("lead_officer", "DCI\x85Reid", "lead officer: must not contain line breaks or control characters"),
    ("description", "Delete \x7f in the text", "description: must not contain control characters"),
    ("partners", "Escape \x1b here", "partners: must not contain control characters"),
]


@pytest.mark.parametrize("filename, column, value, message", [
    (filename, *case) for filename in ("actions.csv", "actions.xlsx") for case in _CONTROL_CASES
    # XML, so an .xlsx file, cannot hold an escape character at all.
    if not (filename.endswith(".xlsx") and "\x1b" in case[1])
])
def test_control_characters_are_refused_by_row(plan_a, planner_a_user, existing, filename, column, value, message):
    fields = {"reference": "P1-02", "title": "Second", column: value}
    make = csv_bytes if filename.endswith(".csv") else xlsx_bytes
    content = make([row(fields.pop("reference"), fields.pop("title"), **fields)])

    result = _import(plan_a, content, user=planner_a_user, filename=filename)

    assert _errors(result) == [f"Row 2, {message}"]
    _nothing_written(plan_a, existing)


@pytest.mark.parametrize("filename", ["actions.csv", "actions.xlsx"])
def test_line_breaks_and_tabs_are_kept_in_multi_line_columns(plan_a, planner_a_user, filename):
    # XML, so an .xlsx file, stores a line break as LF only.
    text = "First line.\r\nSecond line.\n\tIndented." if filename.endswith(".csv") else "First.\nSecond.\n\tThird."
    make = csv_bytes if filename.endswith(".csv") else xlsx_bytes
    result = _import(plan_a, make([row("P1-02", "Second", description=text, success_measure="a\nb")]),
                     user=planner_a_user, filename=filename)
    assert _errors(result) == []
    saved = LocalAction.objects.get(plan=plan_a, reference="P1-02")
    assert (saved.description, saved.success_measure) == (text, "a\nb")


def _with_entity_bomb(content: bytes) -> bytes:
    """The workbook with its title cell replaced by an XML entity that expands to 1MB of text."""
    source, target = io.BytesIO(content), io.BytesIO()
    doctype = (
        b'<!DOCTYPE x [<!ENTITY a "' + b"A" * 1000 + b'"><!ENTITY b "' + b"&a;" * 1000 + b'">]>'
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if b"Train call handlers" in data:
                data = data.replace(b"Train call handlers", b"&b;")
                declaration_end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:declaration_end] + doctype + data[declaration_end:]
            new.writestr(item, data)
    return target.getvalue()


def test_an_xml_entity_bomb_is_refused_before_it_expands(plan_a, planner_a_user, existing):
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML, "defusedxml must be installed: openpyxl then refuses XML entities"
    content = _with_entity_bomb(xlsx_bytes([row("P1-02", "Train call handlers")]))
    result = _import(plan_a, content, user=planner_a_user, filename="actions.xlsx")
    assert _errors(result) == ["The selected file could not be opened as an Excel (.xlsx) file"]
    _nothing_written(plan_a, existing)


def test_the_import_page_shows_the_refusals_and_saves_nothing(planner_a, plan_a, existing):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO(xlsx_bytes([row("P1-01", "New title")]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (MAX_XLSX_UNPACKED_BYTES + 1))
    bomb = SimpleUploadedFile("actions.xlsx", buffer.getvalue())
    response = planner_a.post(f"/plans/{plan_a.pk}/import/", {"file": bomb})
    assert response.status_code == 200
    assert "The selected file holds too much data" in response.content.decode()

    broken = SimpleUploadedFile("actions.csv", csv_bytes([row("P1-01", "Two\nlines")]))
    response = planner_a.post(f"/plans/{plan_a.pk}/import/", {"file": broken})
    assert response.status_code == 200
    assert "Must not contain line breaks or control characters" in response.content.decode()
    _nothing_written(plan_a, existing)
