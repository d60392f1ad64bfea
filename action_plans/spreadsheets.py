"""
A plan's local actions to and from spreadsheets (CSV and Excel .xlsx).

The columns are fixed and documented in `COLUMNS` (the import page lists them too):

    Reference, Title, Description, Pillar code, Outcome code, Framework action codes,
    Owner team, Lead officer, Partners, Start date, Target date, Status, RAG, Progress %,
    Success measure, Priority

- Framework action codes are separated by semicolons ("1.1.1; 1.1.2").
- Dates are ISO (2026-03-31); the import also takes 31/03/2026, because Excel rewrites ISO dates
  in that form when it saves a CSV file in a UK locale, and real date cells in .xlsx files.
- Status, RAG and Priority are exported as their labels ("In progress", "Amber", "High"); the
  import takes the label or the stored value, in any case. A blank RAG means "not rated".
- Every text cell of a CSV export is made formula-safe by `common.csv_safety.cell_escape`, and the
  import undoes exactly that quote, so an exported file imports back unchanged. An .xlsx export
  needs no such quote: its text cells are typed as text (inline strings), which no spreadsheet
  program evaluates, so "=1+1" shows as typed (issue 7). Only a value the import would otherwise
  unquote ("'=x") gets the quote there too, to keep the round trip exact.

The .xlsx export is a report as well: a "Cover" sheet first (force, status, sign-off, coverage,
when exported), then the "Actions" sheet with real date cells, pillar and outcome names beside
their codes (columns the import reads past), a frozen header row and an autofilter. The import
reads the sheet named "Actions" when there is one, else the first sheet.

The import is all or nothing: every row is validated first and, if any row has a problem, the
result carries the list of problems and nothing is written. What a file can store is bounded as
the forms bound it, before anything is written (issue 7): an .xlsx file's unpacked size is checked
before it is opened (a small zip can unpack to gigabytes), and so are the numbers of rows and
columns, each cell's length (the form's limit) and control characters (no line breaks in a title).
Rows are matched to existing actions by reference: new references create actions, known ones
update them (and bump `lock_version`, so an editor open on the old row is refused), and actions
missing from the file are left alone.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.csv_safety import QUOTE, cell_escape, cell_unescape
from common.errors import DomainError
from common.forms import DATE_MAX, DATE_MIN
from common.validators import TEXT_MAX_LENGTH, has_control_characters
from frameworks.models import FrameworkAction, Outcome, Pillar
from toolkit.models import Tactic

from . import selectors, services
from .models import ActionPlan, LocalAction


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str

    @property
    def label(self) -> str:
        """How row errors name the column: "target date", "RAG"."""
        return self.header if self.header.isupper() else self.header.lower()


COLUMNS = [
    Column("reference", "Reference", "Required. Your reference for the action, like P2-04; used once per plan."),
    Column("title", "Title", "Required. Up to 200 characters."),
    Column("description", "Description", f"Optional. Up to {TEXT_MAX_LENGTH:,} characters."),
    Column("pillar", "Pillar code", "Required. A pillar of the plan's framework, like P1."),
    Column("outcome", "Outcome code", "Optional. An outcome of that pillar, like P1.a."),
    Column(
        "framework_actions", "Framework action codes", "Optional. Codes separated by semicolons, like 1.1.1; 1.1.2."
    ),
    Column("owner_team", "Owner team", "Optional. Up to 150 characters."),
    Column("lead_officer", "Lead officer", "Optional. Up to 150 characters."),
    Column("partners", "Partners", f"Optional. Up to {TEXT_MAX_LENGTH:,} characters."),
    Column("start_on", "Start date", "Optional. A date like 2026-03-31."),
    Column("target_on", "Target date", "Optional. A date like 2026-03-31, not before the start date."),
    Column("status", "Status", "Not started, In progress, Complete or On hold. Blank means Not started."),
    Column("rag", "RAG", "Red, Amber, Green, or blank for not rated."),
    Column("progress", "Progress %", "A whole number from 0 to 100. Blank means 0."),
    Column("success_measure", "Success measure", f"Optional. Up to {TEXT_MAX_LENGTH:,} characters."),
    Column("priority", "Priority", "High, Medium or Low. Blank means Medium."),
    Column(
        "tools", "Toolkit tools",
        "Optional column. Toolkit tool ids separated by semicolons, like stalking-protection-order. "
        "Leave the column out to keep each action's tools as they are.",
    ),
]
HEADERS = [column.header for column in COLUMNS]
# Columns the .xlsx export adds for people to read, beside the codes: the import ignores them.
REPORT_COLUMNS = {"pillar_name": "Pillar name", "outcome_name": "Outcome name"}


def _xlsx_columns() -> list[tuple[str, str]]:
    """The .xlsx export's Actions sheet: (key, header) for the import's columns, names after codes."""
    columns = []
    for column in COLUMNS:
        columns.append((column.key, column.header))
        name_key = f"{column.key}_name"
        if name_key in REPORT_COLUMNS:
            columns.append((name_key, REPORT_COLUMNS[name_key]))
    return columns


XLSX_KEYS = [key for key, _ in _xlsx_columns()]
XLSX_HEADERS = [header for _, header in _xlsx_columns()]
ACTIONS_SHEET = "Actions"
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_BY_KEY = {column.key: column for column in COLUMNS}
# Columns a file may leave out: older exports had no toolkit tools, and leaving the column out
# keeps each action's tools as they are.
OPTIONAL_COLUMNS = {"tools"}

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
_MAX_SCANNED_ROWS = 20 * MAX_ROWS
# Room for a few blank or notes columns beside ours; anything wider is refused, not read.
MAX_COLUMNS = 30
# An .xlsx file is a zip of XML. 2,000 rows of every column filled to its limit is under 20MB of
# XML; a real plan is well under 1MB. The sizes are checked from the zip's directory before
# openpyxl opens anything, and Python's zipfile never unpacks more than a member's stated size.
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_XLSX_MEMBERS = 200
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The fields an import writes, besides the framework actions (a many-to-many).
_FIELDS = [
    "title", "description", "pillar", "outcome", "owner_team", "lead_officer", "partners", "start_on",
    "target_on", "status", "rag", "progress", "success_measure", "priority",
]
# Text columns, bounded and checked as the action form checks them: single-line columns by their
# model field's max_length and refused with line breaks; multi-line ones by TEXT_MAX_LENGTH. The
# code and choice columns are looked up, and bounded only so a huge cell is neither kept nor echoed.
_SINGLE_LINE = ("reference", "title", "owner_team", "lead_officer")
_MULTI_LINE = ("description", "partners", "success_measure")
_MAX_LENGTHS = {
    **{key: LocalAction._meta.get_field(key).max_length for key in _SINGLE_LINE},
    **dict.fromkeys(_MULTI_LINE, TEXT_MAX_LENGTH),
}
_MAX_OTHER_LENGTH = 1_000


# Export ------------------------------------------------------------------------------------------


def _actions_for_export(plan: ActionPlan) -> Iterable[LocalAction]:
    return (
        plan.actions.select_related("pillar", "outcome")
        .prefetch_related("framework_actions", "tools")
        .order_by("reference")
    )


def _xlsx_text(value: Any) -> Any:
    """
    A text cell for .xlsx, which is typed as text and so needs no formula guard.

    Only a value that `cell_unescape` would shorten on import (one starting with a quote and then
    a formula character or a quote) is quoted, so that it reads back exactly as stored.
    """
    if isinstance(value, str) and cell_unescape(value) != value:
        return QUOTE + value
    return value


def _action_values(action: LocalAction) -> dict[str, Any]:
    """One action's cells by column key, dates as dates (each export writes them its own way)."""
    return {
        "reference": action.reference,
        "title": action.title,
        "description": action.description,
        "pillar": action.pillar.code,
        "pillar_name": action.pillar.title,
        "outcome": action.outcome.code if action.outcome else "",
        "outcome_name": action.outcome.title if action.outcome else "",
        "framework_actions": "; ".join(sorted(fa.code for fa in action.framework_actions.all())),
        "owner_team": action.owner_team,
        "lead_officer": action.lead_officer,
        "partners": action.partners,
        "start_on": action.start_on,
        "target_on": action.target_on,
        "status": action.get_status_display(),
        "rag": action.get_rag_display() if action.rag else "",
        "progress": action.progress,
        "success_measure": action.success_measure,
        "priority": action.get_priority_display(),
        "tools": "; ".join(sorted(tool.slug for tool in action.tools.all())),
    }


def plan_rows(*, plan: ActionPlan, escape: Callable[[Any], Any] = cell_escape) -> list[list[Any]]:
    """
    The plan's actions as rows of cells in `COLUMNS` order, header row first (the CSV export).

    Every cell goes through `escape`: `cell_escape` (the default) makes text formula-safe for CSV.
    Dates are ISO text; progress stays a number.
    """
    rows: list[list[Any]] = [list(HEADERS)]
    for action in _actions_for_export(plan):
        values = _action_values(action)
        for key in ("start_on", "target_on"):
            values[key] = values[key].isoformat() if values[key] else ""
        rows.append([escape(values[column.key]) for column in COLUMNS])
    return rows


def plan_export_csv(*, plan: ActionPlan) -> bytes:
    """The plan's actions as a UTF-8 CSV file (with a byte order mark, so Excel reads the accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(plan_rows(plan=plan))
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(sheet, row: int, column: int, value: Any):
    """
    Write one cell: text typed as text (an inline string, never a formula), dates as real dates.

    openpyxl would store a string starting with "=" as a formula; setting the cell's data type to
    "s" after the value writes it as an inline string instead, so no formula guard is needed.
    """
    if isinstance(value, str):
        # openpyxl refuses control characters that XML cannot hold; drop them.
        cell = sheet.cell(row=row, column=column, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = XLSX_DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = XLSX_DATE_FORMAT
    return cell


def _cover_rows(plan: ActionPlan) -> list[tuple[str, Any]]:
    """The cover sheet's (label, value) rows: what a reader of the report needs to know first."""
    status = selectors.plan_status(plan=plan)
    coverage = selectors.plan_coverage(plan=plan)
    shown_status = ", ".join(filter(None, [status.label, status.overdue_label,
                                           "submitted late" if status.submitted_late else ""]))
    signed_by = ", ".join(filter(None, [plan.signed_off_name, plan.signed_off_rank])) or "Not signed off"
    return [
        ("Force", plan.force.name),
        ("Planning round", plan.round.title),
        ("Framework", plan.round.framework.title),
        ("Revision", plan.revision),
        ("Plan status", shown_status),
        ("Due", plan.round.due_on),
        ("Lead chief officer", plan.lead_chief_officer or "Not given"),
        ("Signed off by", signed_by),
        ("Signed off on", plan.signed_off_on or ""),
        ("Submitted", timezone.localtime(plan.submitted_at).replace(tzinfo=None) if plan.submitted_at else ""),
        ("Approved", timezone.localtime(plan.approved_at).replace(tzinfo=None) if plan.approved_at else ""),
        ("Framework actions addressed", coverage.summary),
        ("Coverage", coverage.addressed / coverage.expected if coverage.expected else 0),
        ("Actions", coverage.action_count),
        ("Exported at", timezone.localtime().replace(tzinfo=None, microsecond=0)),
    ]


def plan_export_xlsx(*, plan: ActionPlan) -> bytes:
    """
    The plan as an Excel workbook that reads as a report and imports back unchanged.

    Sheet 1, "Cover": force, round, status, sign-off, coverage and when it was exported. Sheet 2,
    "Actions": one row per action in `XLSX_HEADERS` order (the import's columns, with pillar and
    outcome names beside their codes, which the import ignores), dates as date cells, a frozen
    header row and an autofilter. Every text cell is typed as text.
    """
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Cover"
    title = _xlsx_cell(cover, 1, 1, f"{plan.force.name} action plan")
    title.font = Font(bold=True, size=14)
    for r, (label, value) in enumerate(_cover_rows(plan), start=3):
        _xlsx_cell(cover, r, 1, label).font = Font(bold=True)
        cell = _xlsx_cell(cover, r, 2, value)
        if label == "Coverage":
            cell.number_format = "0%"
    note = r + 2
    _xlsx_cell(cover, note, 1, "The Actions sheet can be edited and uploaded back to the portal. "
                               "Pillar and outcome names are there to read; the portal reads the codes.")
    cover.column_dimensions["A"].width = 30
    cover.column_dimensions["B"].width = 50

    sheet = workbook.create_sheet(ACTIONS_SHEET)
    for c, header in enumerate(XLSX_HEADERS, start=1):
        _xlsx_cell(sheet, 1, c, header).font = Font(bold=True)
    r = 1
    for r, action in enumerate(_actions_for_export(plan), start=2):
        values = _action_values(action)
        for c, key in enumerate(XLSX_KEYS, start=1):
            value = values[key]
            _xlsx_cell(sheet, r, c, _xlsx_text(value) if value is not None else None)
    for c, key in enumerate(XLSX_KEYS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = 40 if key in {"title", "description"} else 18
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(XLSX_KEYS))}{r}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(*, plan: ActionPlan, extension: str) -> str:
    """A download name like `west-yorkshire-plan-3-r1-actions.csv`."""
    return f"{plan.force.code}-plan-{plan.pk}-r{plan.revision}-actions.{extension}"


# Reading an upload -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem found in an upload. `row` is the spreadsheet row number (the header is row 1)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return f"Row {self.row}, {self.column}: {self.message}"


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, too big, no header). Carries a GOV.UK message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _normalise_header(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().lower()


_HEADER_KEYS = {_normalise_header(column.header): column.key for column in COLUMNS}
# Headers the import reads past: the names the .xlsx export writes beside the codes.
_IGNORED_HEADERS = {_normalise_header(header) for header in REPORT_COLUMNS.values()}


def _text(value: Any) -> str:
    """A cell as text: blank for empty, whole numbers without `.0`, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return cell_unescape(str(value).strip())


def _csv_rows(content: bytes) -> list[list[Any]]:
    if b"\x00" in content:
        raise ImportFileError("The selected file must be a CSV or Excel (.xlsx) file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV (Comma delimited)" on Windows saves Windows-1252, not UTF-8.
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ImportFileError("The selected file must be saved as a UTF-8 CSV file") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for row in reader:
            _columns_check(row)
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            # csv refuses a field over 128K characters: far over any column's limit.
            raise ImportFileError(
                f"Line {reader.line_num} of the file has a cell longer than {TEXT_MAX_LENGTH:,} characters. "
                "Shorten it and upload the file again"
            ) from exc
        raise ImportFileError("The selected file could not be read as a CSV file") from exc
    return rows


def _columns_check(row: list[Any]) -> None:
    """Refuse a row with something beyond MAX_COLUMNS (blank cells there are ignored)."""
    if len(row) > MAX_COLUMNS and any(_text(value) for value in row[MAX_COLUMNS:]):
        raise ImportFileError(
            f"The file must have no more than {MAX_COLUMNS} columns. Use the columns of the exported file."
        )


def _xlsx_size_check(content: bytes) -> None:
    """Refuse an .xlsx file that unpacks to more than MAX_XLSX_UNPACKED_BYTES, before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError("The selected file could not be opened as an Excel (.xlsx) file") from exc
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_XLSX_MEMBERS or unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(
            f"The selected file holds too much data: an Excel file must unpack to no more than "
            f"{MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)}MB. Check it holds only the plan's actions"
        )


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ImportFileError("The selected file must be a CSV or Excel (.xlsx) file")
    _xlsx_size_check(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        # An export holds a cover sheet first and the actions on the sheet named "Actions"; a
        # workbook of the user's own making may have only one sheet, read whatever its name.
        names = workbook.sheetnames
        sheet = workbook[ACTIONS_SHEET] if ACTIONS_SHEET in names else workbook.worksheets[0]
        rows, filled = [], 0
        # A small file can claim a million rows: stop once it is certainly over the limit, counting
        # only rows with something in them, and refuse a sheet that is mostly empty rows.
        # One column past the limit is read, to notice a sheet that is too wide.
        for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True):
            _columns_check(list(row))
            rows.append(list(row))
            filled += any(_text(value) for value in row)
            if filled > MAX_ROWS + 1:
                break
            if len(rows) > _MAX_SCANNED_ROWS:
                raise ImportFileError(f"The file must have no more than {MAX_ROWS:,} rows of actions")
        workbook.close()
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        raise ImportFileError("The selected file could not be opened as an Excel (.xlsx) file") from exc
    return rows


def rows_read(*, filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """
    Read an upload into (spreadsheet row number, {column key: text}) pairs, skipping blank rows.

    Raises ImportFileError for problems with the file as a whole: type, size, headers, no rows.
    """
    name = filename.lower()
    if not name.endswith((".csv", ".xlsx")):
        raise ImportFileError("The selected file must be a CSV or Excel (.xlsx) file")
    if not content:
        raise ImportFileError("The selected file is empty")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ImportFileError("The selected file must be smaller than 2MB")
    raw = _csv_rows(content) if name.endswith(".csv") else _xlsx_rows(content)

    # Leading blank lines are tolerated; the first row with anything in it is the header.
    skipped = 0
    while raw and not any(_text(v) for v in raw[0]):
        raw.pop(0)
        skipped += 1
    if not raw:
        raise ImportFileError("The selected file is empty")
    header_row = raw[0]
    keys: list[str | None] = []
    seen: set[str] = set()
    unknown = []
    for value in header_row:
        normalised = _normalise_header(value)
        key = _HEADER_KEYS.get(normalised)
        if normalised and key is None and normalised not in _IGNORED_HEADERS:
            unknown.append(str(value).strip())
        if key in seen:
            raise ImportFileError(f"The file has the column {_BY_KEY[key].header} more than once")
        if key:
            seen.add(key)
        keys.append(key)
    missing = [column.header for column in COLUMNS if column.key not in seen | OPTIONAL_COLUMNS]
    if missing:
        raise ImportFileError(
            f"The file is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
            "Use the columns of the exported file."
        )
    if unknown:
        raise ImportFileError(
            f"The file has a column we do not recognise: {', '.join(unknown)}. Use the columns of the exported file."
        )

    rows = []
    for number, values in enumerate(raw[1:], start=2 + skipped):
        cells = {key: _text(value) for key, value in zip(keys, values, strict=False) if key}
        if not any(cells.values()):
            continue
        row = {column.key: cells.get(column.key, "") for column in COLUMNS}
        for key in OPTIONAL_COLUMNS - seen:
            row[key] = None  # the column is absent: leave this field as it is
        rows.append((number, row))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"The file must have no more than {MAX_ROWS:,} rows of actions")
    if not rows:
        raise ImportFileError("The file has a header row but no actions")
    return rows


# Validating rows ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did: the problems found (then nothing was saved), or the counts of changes."""

    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_with_errors(self) -> int:
        return len({error.row for error in self.errors})


@dataclass
class _Lookups:
    """The plan's framework and current actions, loaded once for the whole file."""

    pillars: dict[str, Pillar]
    outcomes: dict[tuple[int, str], Outcome]
    framework_actions: dict[str, FrameworkAction]
    actions: dict[str, LocalAction]
    tools: dict[str, Tactic]
    plan: ActionPlan

    @classmethod
    def load(cls, plan: ActionPlan) -> "_Lookups":
        framework_id = plan.round.framework_id
        pillars = {p.code.lower(): p for p in Pillar.objects.filter(framework_id=framework_id)}
        outcomes = {
            (o.pillar_id, o.code.lower()): o for o in Outcome.objects.filter(pillar__framework_id=framework_id)
        }
        framework_actions = {a.code.lower(): a for a in FrameworkAction.objects.filter(framework_id=framework_id)}
        # The plan is already locked; lock its actions too, in primary-key order (the lock order of
        # action_plans.services), so an edit waiting on the plan never holds an action we write.
        actions = {
            a.reference: a
            for a in plan.actions.select_for_update(of=("self",)).order_by("pk").prefetch_related(
                "framework_actions", "tools"
            )
        }
        tools = {t.slug.lower(): t for t in Tactic.objects.only("pk", "slug")}
        return cls(pillars, outcomes, framework_actions, actions, tools, plan)


def _choice(value: str, choices: type, *, blank: str) -> str | None:
    """The stored value for a label or value typed in any case; `blank` for an empty cell; None if unknown."""
    if not value:
        return blank
    wanted = value.strip().lower()
    for stored, label in choices.choices:
        if wanted in {str(stored).lower(), str(label).lower()}:
            return stored
    return None


def _date(value: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _row_clean(number: int, cells: dict[str, str], lookups: _Lookups) -> tuple[dict[str, Any], list[RowError]]:
    """Check one row; return its typed values (for saving) and its problems."""
    errors: list[RowError] = []
    values: dict[str, Any] = {}

    def fail(key: str, message: str) -> None:
        errors.append(RowError(number, _BY_KEY[key].label, message))

    # Lengths and control characters first. A row with such a cell is checked no further: its
    # other messages would echo the oversized or broken cell back onto the page.
    for column in COLUMNS:
        value = cells[column.key]
        if value is None:
            continue
        limit = _MAX_LENGTHS.get(column.key, _MAX_OTHER_LENGTH)
        if len(value) > limit:
            fail(column.key, f"must be {limit:,} characters or fewer")
        elif column.key in _SINGLE_LINE and has_control_characters(value, multi_line=False):
            fail(column.key, "must not contain line breaks or control characters")
        elif column.key in _MULTI_LINE and has_control_characters(value, multi_line=True):
            fail(column.key, "must not contain control characters")
    if errors:
        return values, errors

    for key in (*_SINGLE_LINE, *_MULTI_LINE):
        values[key] = cells[key]
    if not cells["reference"]:
        fail("reference", "enter a reference, like P2-04")
    if not cells["title"]:
        fail("title", "enter the action's title")

    pillar = lookups.pillars.get(cells["pillar"].lower())
    values["pillar"] = pillar
    if not cells["pillar"]:
        fail("pillar", "enter a pillar code, like P1")
    elif pillar is None:
        fail("pillar", f"{cells['pillar']} is not a pillar of this plan's framework")

    values["outcome"] = None
    if cells["outcome"] and pillar is not None:
        outcome = lookups.outcomes.get((pillar.pk, cells["outcome"].lower()))
        if outcome is None:
            fail("outcome", f"{cells['outcome']} is not an outcome of pillar {pillar.code}")
        values["outcome"] = outcome

    values["framework_actions"] = []
    for code in dict.fromkeys(c.strip() for c in re.split(r"[;,]", cells["framework_actions"]) if c.strip()):
        framework_action = lookups.framework_actions.get(code.lower())
        problem = (
            f"{code} is not an action in this plan's framework" if framework_action is None
            else services.framework_action_problem(plan=lookups.plan, framework_action=framework_action)
        )
        if problem:
            fail("framework_actions", problem)
        else:
            values["framework_actions"].append(framework_action)

    values["tools"] = None
    if cells["tools"] is not None:
        values["tools"] = []
        for slug in dict.fromkeys(c.strip() for c in re.split(r"[;,]", cells["tools"]) if c.strip()):
            tool = lookups.tools.get(slug.lower())
            if tool is None:
                fail("tools", f"{slug} is not a tool in the toolkit; use the id from the tool's page address")
            else:
                values["tools"].append(tool)

    for key in ("start_on", "target_on"):
        values[key] = None
        if cells[key]:
            try:
                values[key] = _date(cells[key])
            except ValueError:
                fail(key, "enter a real date, like 2026-03-31")
            else:
                # The same years the form's date input allows (issue 7: years 1 and 9999 were stored).
                if not DATE_MIN <= values[key] <= DATE_MAX:
                    fail(key, f"must be between {DATE_MIN:%-d %B %Y} and {DATE_MAX:%-d %B %Y}")
                    values[key] = None
    if values["start_on"] and values["target_on"] and values["target_on"] < values["start_on"]:
        fail("target_on", "must be the same as or after the start date")

    for key, choices, blank, allowed in (
        ("status", LocalAction.Status, LocalAction.Status.NOT_STARTED, "Not started, In progress, Complete or On hold"),
        ("rag", LocalAction.Rag, LocalAction.Rag.NONE, "Red, Amber, Green or leave it blank"),
        ("priority", LocalAction.Priority, LocalAction.Priority.MEDIUM, "High, Medium or Low"),
    ):
        values[key] = _choice(cells[key], choices, blank=blank)
        if values[key] is None:
            fail(key, f"{cells[key]} is not allowed; enter {allowed}")

    progress = cells["progress"].removesuffix("%").strip() or "0"
    values["progress"] = int(progress) if re.fullmatch(r"[0-9]{1,3}", progress) else None
    if values["progress"] is None or values["progress"] > 100:
        fail("progress", "enter a whole number from 0 to 100")
    return values, errors


def _rows_clean(
    rows: list[tuple[int, dict[str, str]]], lookups: _Lookups
) -> tuple[list[dict[str, Any]], list[RowError]]:
    cleaned, errors = [], []
    first_seen: dict[str, int] = {}
    for number, cells in rows:
        values, row_errors = _row_clean(number, cells, lookups)
        reference = cells["reference"]
        if reference and reference in first_seen:
            row_errors.insert(0, RowError(
                number, _BY_KEY["reference"].label,
                f"{reference} is also used in row {first_seen[reference]}; use each reference once",
            ))
        first_seen.setdefault(reference, number)
        errors.extend(row_errors)
        cleaned.append(values)
    return cleaned, errors


# Applying ----------------------------------------------------------------------------------------


def _changes(action: LocalAction, values: dict[str, Any]) -> tuple[list[str], bool, bool]:
    """The fields whose value differs from the row, and whether the framework actions or tools differ."""
    changed = []
    for name in _FIELDS:
        if name in {"pillar", "outcome"}:
            current, wanted = getattr(action, f"{name}_id"), (values[name].pk if values[name] else None)
        else:
            current, wanted = getattr(action, name), values[name]
        if current != wanted:
            changed.append(name)
    links_changed = {fa.pk for fa in action.framework_actions.all()} != {fa.pk for fa in values["framework_actions"]}
    tools_changed = values["tools"] is not None and (
        {t.pk for t in action.tools.all()} != {t.pk for t in values["tools"]}
    )
    return changed, links_changed, tools_changed


def _bumped(action: LocalAction, now) -> LocalAction:
    """The action with a new lock_version, so an editor who opened it earlier cannot overwrite the import."""
    action.lock_version += 1
    action.updated_at = now
    return action


def _full_clean(action: LocalAction) -> None:
    # The foreign keys were resolved from this framework's own codes and the references checked
    # against the file and the plan above; skipping their per-row lookups keeps a 2,000-row import
    # to a handful of queries. The database constraints still guard dates, progress and references.
    action.full_clean(exclude=["plan", "pillar", "outcome"], validate_unique=False, validate_constraints=False)


def import_refusal(plan: ActionPlan) -> str:
    """Why actions cannot be imported into the plan now, or "" when they can."""
    if plan.is_editable:
        return ""
    return (f"You cannot import actions while the plan is {plan.get_status_display().lower()}. "
            "Only a draft or returned plan can be changed.")


@transaction.atomic
def plan_actions_import(*, plan: ActionPlan, filename: str, content: bytes, user) -> ImportResult:
    """
    Create or update a plan's actions from an uploaded CSV or .xlsx file, all or nothing.

    Returns an ImportResult: with `errors` (file or row problems; nothing was written) or with the
    counts created, updated and unchanged. Raises DomainError when the plan cannot be changed
    (it is not a draft or returned). `user` is recorded in the actions' history.
    """
    # Read the file before taking any lock: unpacking and parsing it needs no database.
    try:
        rows, file_error = rows_read(filename=filename, content=content), None
    except ImportFileError as exc:
        rows, file_error = [], exc
    # The plan's row first, then its actions (in _Lookups.load): the one lock order of every service.
    plan = ActionPlan.objects.select_for_update(of=("self",)).select_related("round").get(pk=plan.pk)
    refusal = import_refusal(plan)
    if refusal:
        raise DomainError(refusal)
    if file_error is not None:
        return ImportResult(errors=[RowError(None, "file", file_error.message)])

    lookups = _Lookups.load(plan)
    cleaned, errors = _rows_clean(rows, lookups)
    if errors:
        return ImportResult(errors=errors)

    now = timezone.now()
    to_create: list[tuple[LocalAction, list[FrameworkAction]]] = []
    to_update: list[LocalAction] = []
    relink: list[tuple[LocalAction, list[FrameworkAction]]] = []
    new_tools: list[list[Tactic]] = []
    retool: list[tuple[LocalAction, list[Tactic]]] = []
    changed_fields: set[str] = set()
    unchanged = 0
    for values in cleaned:
        framework_actions = values.pop("framework_actions")
        tools = values.pop("tools")
        action = lookups.actions.get(values["reference"])
        if action is None:
            action = LocalAction(plan=plan, **values)
            _full_clean(action)
            to_create.append((action, framework_actions))
            new_tools.append(tools or [])
            continue
        fields, links_changed, tools_changed = _changes(
            action, {**values, "framework_actions": framework_actions, "tools": tools}
        )
        if tools_changed:
            retool.append((action, tools))
        # The same review rule as the edit page (services.action_review_apply).
        reviewed = services.action_review_apply(action=action, framework_actions=framework_actions)
        if not (fields or links_changed or tools_changed or reviewed):
            unchanged += 1
            continue
        for name in fields:
            setattr(action, name, values[name])
        _full_clean(action)
        to_update.append(_bumped(action, now))
        changed_fields.update(fields)
        if reviewed:
            changed_fields.add("needs_review")
        if links_changed:
            relink.append((action, framework_actions))

    created = bulk_create_with_history([a for a, _ in to_create], LocalAction, default_user=user)
    if to_update:
        # Only the columns that changed somewhere: bulk_update builds a CASE per column and row, and
        # building all sixteen for every row costs far more than the update itself.
        bulk_update_with_history(
            to_update, LocalAction, [*sorted(changed_fields), "lock_version", "updated_at"], default_user=user
        )
    through = LocalAction.framework_actions.through
    through.objects.filter(localaction_id__in=[a.pk for a, _ in relink]).delete()
    links = [
        through(localaction_id=action.pk, frameworkaction_id=fa.pk)
        for action, framework_actions in [*zip(created, [fas for _, fas in to_create], strict=True), *relink]
        for fa in framework_actions
    ]
    through.objects.bulk_create(links)
    tools_through = LocalAction.tools.through
    tools_through.objects.filter(localaction_id__in=[a.pk for a, _ in retool]).delete()
    tools_through.objects.bulk_create([
        tools_through(localaction_id=action.pk, tactic_id=tool.pk)
        for action, tools in [*zip(created, new_tools, strict=True), *retool]
        for tool in tools
    ])
    return ImportResult(created=len(to_create), updated=len(to_update), unchanged=unchanged)
