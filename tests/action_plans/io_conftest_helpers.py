"""Helpers and fixtures for the spreadsheet, notification and io view tests (imported by those files)."""

import csv
import datetime
import io

from openpyxl import Workbook

from action_plans.models import LocalAction
from action_plans.spreadsheets import HEADERS
from frameworks.models import FrameworkAction, Outcome, Pillar

from .factories import LocalActionFactory


def csv_bytes(rows: list[list], *, headers: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS if headers is None else headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list], *, headers: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS if headers is None else headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(reference="P1-01", title="Train call handlers", **overrides) -> list:
    """One upload row in HEADERS order; keyword names are the column keys (pillar, target_on...)."""
    values = {
        "reference": reference, "title": title, "description": "", "pillar": "P1", "outcome": "P1.a",
        "framework_actions": "1.1.1", "owner_team": "Public protection", "lead_officer": "DCI Reid",
        "partners": "", "start_on": "2026-04-01", "target_on": "2027-03-31", "status": "Not started",
        "rag": "", "progress": "0", "success_measure": "", "priority": "Medium", "tools": "",
    }
    values.update(overrides)
    from action_plans.spreadsheets import COLUMNS

    return [values[column.key] for column in COLUMNS]


def action_in(plan, **fields) -> LocalAction:
    """A local action on `plan` whose pillar and outcome belong to the plan's framework."""
    framework = plan.round.framework
    pillar = fields.pop("pillar", None) or Pillar.objects.get(framework=framework, code="P1")
    fields.setdefault("outcome", Outcome.objects.get(pillar=pillar, code=f"{pillar.code}.a"))
    codes = fields.pop("framework_action_codes", [])
    action = LocalActionFactory(plan=plan, pillar=pillar, **fields)
    action.framework_actions.set(FrameworkAction.objects.filter(framework=framework, code__in=codes))
    return action


def two_actions_add(plan_a):
    """Give a plan two actions, one with every column filled and one sparse; return the plan."""
    framework = plan_a.round.framework
    action_in(
        plan_a, reference="P1-01", title="Train call handlers", description="All call handlers.\nTwice a year.",
        framework_action_codes=["1.1.1", "1.1.2"], owner_team="Public protection", lead_officer="DCI Reid",
        partners="Victim services", start_on=datetime.date(2026, 4, 1), target_on=datetime.date(2027, 3, 31),
        status=LocalAction.Status.IN_PROGRESS, rag=LocalAction.Rag.AMBER, progress=40,
        success_measure="90% trained", priority=LocalAction.Priority.HIGH,
    )
    action_in(plan_a, reference="P2-01", title="Review stalking cases",
              pillar=Pillar.objects.get(framework=framework, code="P2"))
    return plan_a
