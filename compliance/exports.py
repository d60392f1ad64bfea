"""
The overview table as a spreadsheet: the same rows the page shows, with the same filters and sort.

CSV text cells go through common.csv_safety.cell_escape so no cell runs as a formula; .xlsx cells
are typed as text, which needs no guard.
"""

import csv
import datetime
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from common.csv_safety import cell_escape

from .freshness import freshness
from .selectors import PLAN_STATUS_LABELS, RETURN_STATUS_LABELS, return_timeliness

HEADERS = [
    "Force", "Region", "Plan status", "Revision", "Submitted", "Submitted on time", "Coverage %",
    "Actions", "Red", "Amber", "Green", "Not rated", "Updated this cycle %", "Return status",
    "Return timeliness", "Open review comments", "Freshness score",
]


def overview_table(*, rows, period, today: datetime.date) -> list[list[Any]]:
    """Header row first, then one row per force of the (already filtered and sorted) queryset."""
    table: list[list[Any]] = [list(HEADERS)]
    for f in rows:
        submitted = f.plan_submitted_at
        timeliness = return_timeliness(period=period, status=f.return_status, submitted_at=f.return_submitted_at,
                                       today=today)
        fresh = freshness(plan_status=f.plan_status, needing_update=f.needing_update,
                          updated_this_cycle=f.updated_this_cycle, return_timeliness=timeliness)
        table.append([
            f.name, f.region, PLAN_STATUS_LABELS.get(f.plan_status, f.plan_status), f.plan_revision or "",
            submitted.date().isoformat() if submitted else "",
            ("No" if f.plan_is_late else "Yes") if submitted else "",
            round(f.coverage_pct) if f.coverage_pct is not None else "",
            f.action_count, f.rag_red, f.rag_amber, f.rag_green, f.rag_none,
            round(f.updated_pct) if f.updated_pct is not None else "",
            RETURN_STATUS_LABELS.get(f.return_status, ""),
            timeliness,
            f.open_comments,
            "" if fresh.score is None else fresh.score,
        ])
    return table


def to_csv(table: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[cell_escape(c) for c in row] for row in table])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Forces"
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):
                cell = sheet.cell(row=r, column=c, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"
            else:
                cell = sheet.cell(row=r, column=c, value=value)
            if r == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
