"""
CSV import and export of return figures, in one format for pages, commands and data pipelines:

    force_code,period,measure_code,breakdown,value,note

Force codes are those of accounts/data/forces.yaml; a force's name or one of its aliases ("GMP",
"the Met") is accepted too, in any case (accounts.selectors.ForceResolver). The period is its label (`2022-23 H1`), the
breakdown is empty for the total. An import is all-or-nothing: every row is checked and every
problem listed, and nothing is written unless there are none. Rows whose figure and note are
unchanged are skipped, so re-importing an export changes nothing, even in locked periods; a changed
figure in a locked, submitted or approved return is a row error.

The work per file is a fixed number of queries (forces, periods, measures, returns, values, lock
exceptions, history, then bulk writes in batches), never a query per row.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import Force
from accounts.selectors import ForceResolver
from common.csv_safety import cell_escape, cell_unescape
from common.errors import DomainError

from ..models import LockException, Measure, ReportingPeriod, Return, ReturnValue, format_value
from ..validation import Entry, FigureError, check_consistency, measure_applies, parse_value
from .periods import return_lock_state
from .returns import Change, values_write

HEADER = ["force_code", "period", "measure_code", "breakdown", "value", "note"]
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# The most rows a page upload takes (small files import in the request, bigger ones as a Celery
# job); a national file of every force, 43 measures and 8 periods with breakdowns has about 22,000.
# Bigger files go through `manage.py import_returns`.
MAX_PAGE_ROWS = 100_000
MAX_UPLOAD_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    row: int | None  # the spreadsheet's row number, counting the header as row 1; None for the file
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    flagged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_with_errors(self) -> int:
        return len({e.row for e in self.errors})

    def summary(self) -> str:
        return (
            f"{self.created} figures added, {self.updated} changed, {self.deleted} cleared, "
            f"{self.unchanged} unchanged; {self.flagged} flagged as unusual"
        )


def _may_import_for(user, force: Force) -> bool:
    if user is None or user.has_perm("performance.import_any_force"):
        return True
    return user.has_perm("performance.change_return", force)


def _read_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("The file must be a CSV file saved as UTF-8") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DomainError(f"The file is not a readable CSV file ({exc})") from None
    if not rows:
        raise DomainError("The file is empty")
    header = [cell.strip().lower() for cell in rows[0]]
    if header != HEADER:
        raise DomainError(f"The first row must be the header {','.join(HEADER)}")
    return rows[1:]


@transaction.atomic
def returns_import_csv(*, content: bytes, user, max_rows: int | None = None, today=None) -> ImportResult:
    """
    Check and import a CSV file of figures; return what happened.

    `user` is the person importing (None for the national team's command line, which may write
    every force's figures). Raises DomainError for a file that cannot be read at all; row problems
    come back in `result.errors`, with nothing written.
    """
    today = today or timezone.localdate()
    rows = _read_rows(content)
    result = ImportResult()
    if max_rows is not None and len(rows) > max_rows:
        raise DomainError(
            f"The file has {len(rows):,} rows; a page upload takes at most {max_rows:,}. "
            "Split the file, or ask the national team to run manage.py import_returns"
        )
    forces = ForceResolver()
    periods = {p.label: p for p in ReportingPeriod.objects.select_related("measure_set")}
    measures: dict[tuple[int, str], Measure] = {
        (m.measure_set_id, m.code): m for m in Measure.objects.filter(measure_set__periods__isnull=False).distinct()
    }
    errors = result.errors

    parsed: list[Change] = []
    seen: dict[tuple, int] = {}
    allowed: dict[int, bool] = {}
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(HEADER):
            errors.append(RowError(number, "", f"The row has {len(cells)} columns, not {len(HEADER)}"))
            continue
        force_code, period_label, code, breakdown, value_text, note = (cell.strip() for cell in cells)
        note = cell_unescape(note)
        breakdown = cell_unescape(breakdown)
        before = len(errors)
        force = forces.get(cell_unescape(force_code))
        if force is None:
            errors.append(
                RowError(number, "force_code", f"{force_code or 'A blank code'} is not a force code or name")
            )
        elif allowed.setdefault(force.pk, _may_import_for(user, force)) is False:
            errors.append(RowError(number, "force_code", "You can only upload figures for your own force"))
        period = periods.get(period_label)
        if period is None:
            errors.append(RowError(number, "period", f"{period_label or 'A blank period'} is not a reporting period"))
        measure = None
        if period is not None:
            measure = measures.get((period.measure_set_id, code))
            if measure is None:
                errors.append(
                    RowError(number, "measure_code", f"{code or 'A blank code'} is not a measure of {period.label}")
                )
            elif not measure_applies(measure, period):
                errors.append(
                    RowError(number, "measure_code", f"{code} is returned annually, in the period ending in March")
                )
            elif breakdown and breakdown not in measure.breakdown_categories:
                allowed_codes = ", ".join(measure.breakdown_categories) or "none"
                errors.append(
                    RowError(number, "breakdown", f"{breakdown} is not a breakdown of {code} ({allowed_codes})")
                )
        value = None
        if measure is not None:
            try:
                value = parse_value(measure, value_text)
            except FigureError as exc:
                errors.append(RowError(number, "value", exc.message))
            if value is None and not value_text and not note and breakdown == "":
                errors.append(
                    RowError(number, "value", "Enter a value, or give the reason it is missing in the note column")
                )
        if len(errors) > before:
            continue
        key = (force.pk, period.pk, measure.pk, breakdown)
        if key in seen:
            errors.append(RowError(number, "", f"Repeats row {seen[key]} (same force, period, measure and breakdown)"))
            continue
        seen[key] = number
        parsed.append(Change(force.pk, period, measure, breakdown, value, note, row=number))

    force_ids = {c.force_id for c in parsed}
    period_ids = {c.period.pk for c in parsed}
    pairs = {(c.force_id, c.period.pk) for c in parsed}
    returns = {
        (r.force_id, r.period_id): r
        for r in Return.objects.select_for_update().filter(force_id__in=force_ids, period_id__in=period_ids)
        if (r.force_id, r.period_id) in pairs
    }
    by_pk = {r.pk: r for r in returns.values()}
    existing = {
        (by_pk[v.return_obj_id].force_id, by_pk[v.return_obj_id].period_id, v.measure_id, v.breakdown): v
        for v in ReturnValue.objects.filter(return_obj_id__in=list(by_pk))
    }
    exceptions = {
        (e.force_id, e.period_id): e
        for e in LockException.objects.filter(force_id__in=force_ids, period_id__in=period_ids)
    }

    changes: list[Change] = []
    for c in parsed:
        stored = existing.get((c.force_id, c.period.pk, c.measure.pk, c.breakdown))
        if stored is not None and stored.value == c.value and stored.note == c.note:
            result.unchanged += 1
            continue
        ret = returns.get((c.force_id, c.period.pk))
        state = return_lock_state(
            period=c.period,
            status=ret.status if ret else None,
            exception=exceptions.get((c.force_id, c.period.pk)),
            today=today,
        )
        if not state.editable:
            errors.append(
                RowError(c.row, "value", f"The figure has changed, but {state.reason[0].lower()}{state.reason[1:]}")
            )
            continue
        changes.append(c)

    errors.extend(_consistency_errors(changes, existing))
    if errors:
        errors.sort(key=lambda e: (e.row or 0, e.column))
        result.created = result.updated = result.unchanged = 0
        return result
    written = values_write(changes=changes, returns=returns, existing=existing, user=user, reason="Imported from CSV")
    result.created, result.updated, result.deleted = written.created, written.updated, written.deleted
    result.flagged = len(written.flagged)
    return result


def _consistency_errors(changes: list[Change], existing: dict) -> list[RowError]:
    """Cross-figure checks on every return the file changes, with stored figures overlaid by the file's."""
    by_return: dict[tuple[int, int], list[Change]] = defaultdict(list)
    for c in changes:
        by_return[(c.force_id, c.period.pk)].append(c)
    if not by_return:
        return []
    measures_by_set: dict[int, list[Measure]] = {}
    stored_by_return: dict[tuple[int, int], dict] = defaultdict(dict)
    codes = {}
    for (force_id, period_id, measure_id, breakdown), v in existing.items():
        stored_by_return[(force_id, period_id)][(measure_id, breakdown)] = v
    errors = []
    for key, group in by_return.items():
        period = group[0].period
        if period.measure_set_id not in measures_by_set:
            measures_by_set[period.measure_set_id] = list(Measure.objects.filter(measure_set_id=period.measure_set_id))
            codes.update({m.pk: m.code for m in measures_by_set[period.measure_set_id]})
        entries = {(codes[mid], b): Entry(v.value, v.note) for (mid, b), v in stored_by_return[key].items()}
        rows = {}
        for c in group:
            entries[(c.measure.code, c.breakdown)] = Entry(c.value, c.note)
            rows[(c.measure.code, c.breakdown)] = c.row
        for problem in check_consistency(measures_by_set[period.measure_set_id], entries):
            row = rows.get((problem.measure_code, problem.breakdown)) or min(rows.values())
            errors.append(RowError(row, "value", problem.message))
    return errors


def returns_export_rows(*, force: Force | None = None):
    """Rows of the CSV (header first): every stored figure, or one force's, ordered for reading."""
    values = ReturnValue.objects.order_by(
        "return_obj__force__code", "return_obj__period__starts_on", "measure__position", "breakdown"
    )
    if force is not None:
        values = values.filter(return_obj__force=force)
    yield HEADER
    rows = values.values_list(
        "return_obj__force__code", "return_obj__period__label", "measure__code", "breakdown", "value", "note"
    )
    for force_code, period, code, breakdown, value, note in rows.iterator(chunk_size=5000):
        yield [
            cell_escape(force_code),
            cell_escape(period),
            cell_escape(code),
            cell_escape(breakdown),
            format_value(value),
            cell_escape(note),
        ]


def returns_export_csv(*, force: Force | None = None) -> bytes:
    """The CSV file, UTF-8 with a byte-order mark so that Excel reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(returns_export_rows(force=force))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
