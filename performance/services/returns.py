"""
Writes to force returns: saving figures (from the form or an import), submitting, and the
national team's approval or return with comments.

Every figure written goes through `values_write`, which computes outlier flags against the force's
own history and records each change in the history tables (django-simple-history) in bulk, so a
file of thousands of figures costs a fixed handful of queries.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Force
from common.errors import DomainError

from ..models import LockException, Measure, ReportingPeriod, Return, ReturnValue
from ..validation import Entry, Key, Problem, check_consistency, check_ready_to_submit, measure_applies, outlier_flag
from .periods import LockState, return_lock_state

BATCH = 2000


class ReturnProblems(DomainError):
    """Figures that cannot be saved or submitted; `problems` name each figure to correct."""

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems


@dataclass
class Change:
    """One figure to write: `row` is its line in an imported file (None from the form)."""

    force_id: int
    period: ReportingPeriod
    measure: Measure
    breakdown: str
    value: Decimal | None
    note: str
    row: int | None = None


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    flagged: list[tuple[str, str]] = field(default_factory=list)


def applicable_measures(period: ReportingPeriod) -> list[Measure]:
    """The measures a return for `period` holds, in the order of the data file."""
    measures = period.measure_set.measures.select_related("numerator", "denominator")
    return [m for m in measures if measure_applies(m, period)]


def lock_state_for(*, force: Force, period: ReportingPeriod, ret: Return | None, today=None) -> LockState:
    exception = LockException.objects.filter(period=period, force=force).first()
    return return_lock_state(
        period=period, status=ret.status if ret else None, exception=exception, today=today or timezone.localdate()
    )


def _history_series(force_ids: Iterable[int], measure_ids: Iterable[int]) -> dict[tuple[int, int], dict]:
    """{(force id, measure id): {period start: value}} of stored totals, in one query."""
    series: dict[tuple[int, int], dict] = defaultdict(dict)
    rows = ReturnValue.objects.filter(
        return_obj__force_id__in=set(force_ids), measure_id__in=set(measure_ids), breakdown=""
    ).values_list("return_obj__force_id", "measure_id", "return_obj__period__starts_on", "value")
    for force_id, measure_id, starts_on, value in rows:
        series[(force_id, measure_id)][starts_on] = value
    return series


def values_write(
    *,
    changes: list[Change],
    returns: dict[tuple[int, int], Return],
    existing: dict[tuple, ReturnValue],
    user,
    reason: str,
) -> WriteResult:
    """
    Write already-checked figures: create missing returns, then create, update or delete values.

    `returns` maps (force id, period id) to saved returns and is completed in place; `existing`
    maps (force id, period id, measure id, breakdown) to stored values. Totals get their outlier
    flag from the force's history, with the changes themselves counted as history for later periods.
    """
    result = WriteResult()
    missing = {(c.force_id, c.period.pk) for c in changes} - set(returns)
    if missing:
        new = [Return(force_id=f, period_id=p, status=Return.Status.DRAFT) for f, p in sorted(missing)]
        for ret in bulk_create_with_history(
            new, Return, batch_size=BATCH, default_user=user, default_change_reason=reason
        ):
            returns[(ret.force_id, ret.period_id)] = ret

    series = _history_series({c.force_id for c in changes}, {c.measure.pk for c in changes})
    for c in changes:
        if c.breakdown == "":
            series[(c.force_id, c.measure.pk)][c.period.starts_on] = c.value

    to_create: list[ReturnValue] = []
    to_update: list[ReturnValue] = []
    to_delete: list[int] = []
    for c in changes:
        key = (c.force_id, c.period.pk, c.measure.pk, c.breakdown)
        flag, detail = "", ""
        if c.breakdown == "":
            history = [
                v
                for start, v in sorted(series[(c.force_id, c.measure.pk)].items())
                if start < c.period.starts_on and v is not None
            ]
            flag, detail = outlier_flag(c.measure, c.value, history)
            if flag:
                result.flagged.append((c.measure.code, detail))
        stored = existing.get(key)
        if c.value is None and not c.note:
            if stored is not None:
                to_delete.append(stored.pk)
            continue
        if stored is None:
            to_create.append(
                ReturnValue(
                    return_obj=returns[(c.force_id, c.period.pk)],
                    measure=c.measure,
                    breakdown=c.breakdown,
                    value=c.value,
                    note=c.note,
                    flag=flag,
                    flag_detail=detail,
                )
            )
        else:
            stored.value, stored.note, stored.flag, stored.flag_detail = c.value, c.note, flag, detail
            stored.updated_at = timezone.now()
            to_update.append(stored)
    now = timezone.now()
    if to_create:
        _values_insert(to_create, now=now)
        _history_insert(to_create, history_type="+", user=user, reason=reason, now=now)
    if to_update:
        _values_update(to_update)
        _history_insert(to_update, history_type="~", user=user, reason=reason, now=now)
    if to_delete:
        # Deleting one by one keeps a history row for each removed figure; it is rare (a figure cleared).
        for value in ReturnValue.objects.filter(pk__in=to_delete):
            value._change_reason = reason
            value.delete()
    result.created, result.updated, result.deleted = len(to_create), len(to_update), len(to_delete)
    return result


# Bulk writes of figures. A national file holds about 15,000 figures. Django's bulk_update builds a
# CASE expression per field and row (about 100 s of Python for such a file) and bulk_create sends a
# parameter per cell; on PostgreSQL, statements over unnest() of one array per column send a
# handful of parameters and take a fraction of a second. History rows are written the same way,
# matching django-simple-history's own rows (tests read them through `ReturnValue.history`).
# Other databases (SQLite in development) use Django's bulk methods.

_VALUE_COLUMNS = "return_id, measure_id, breakdown, value, note, flag, flag_detail, updated_at"
_VALUE_TYPES = (
    "%s::bigint[], %s::bigint[], %s::varchar[], %s::numeric[], %s::text[], %s::varchar[], "
    "%s::varchar[], %s::timestamptz[]"
)


def _columns(values: list[ReturnValue]) -> list[list]:
    rows = [
        (v.return_obj_id, v.measure_id, v.breakdown, v.value, v.note, v.flag, v.flag_detail, v.updated_at)
        for v in values
    ]
    return [list(column) for column in zip(*rows, strict=True)]


def _values_insert(values: list[ReturnValue], *, now) -> None:
    """Insert new values and set their primary keys."""
    for v in values:
        v.updated_at = now
    if connection.vendor != "postgresql":
        ReturnValue.objects.bulk_create(values, batch_size=BATCH)
        return
    table = ReturnValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({_VALUE_COLUMNS}) "  # noqa: S608 - our own table and column names
            f"SELECT {_VALUE_COLUMNS} FROM unnest({_VALUE_TYPES}) WITH ORDINALITY "
            f"AS d({_VALUE_COLUMNS}, n) ORDER BY n RETURNING id",
            _columns(values),
        )
        # PostgreSQL returns the rows in the order they were inserted, as Django's bulk_create relies on.
        for v, (pk,) in zip(values, cursor.fetchall(), strict=True):
            v.pk = pk


def _values_update(values: list[ReturnValue]) -> None:
    """Update values' figures, notes and flags in one statement."""
    fields = ["value", "note", "flag", "flag_detail", "updated_at"]
    if connection.vendor != "postgresql":
        ReturnValue.objects.bulk_update(values, fields, batch_size=BATCH)
        return
    table = ReturnValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET value = d.value, note = d.note, flag = d.flag, "  # noqa: S608 - our own names
            "flag_detail = d.flag_detail, updated_at = d.updated_at "
            f"FROM unnest(%s::bigint[], {_VALUE_TYPES}) AS d(id, {_VALUE_COLUMNS}) WHERE t.id = d.id",
            [[v.pk for v in values], *_columns(values)],
        )


def _history_insert(values: list[ReturnValue], *, history_type: str, user, reason: str, now) -> None:
    """One history row per value ("+" created, "~" changed), by `user` with `reason`, at `now`."""
    history = ReturnValue.history
    if connection.vendor != "postgresql":
        history.bulk_history_create(
            values,
            batch_size=BATCH,
            update=history_type == "~",
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
        return
    table = history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, {_VALUE_COLUMNS}, history_date, history_change_reason, history_type, "  # noqa: S608
            "history_user_id) "
            f"SELECT d.*, %s::timestamptz, %s::varchar, %s::varchar, %s::bigint "
            f"FROM unnest(%s::bigint[], {_VALUE_TYPES}) AS d",
            [now, reason, history_type, getattr(user, "pk", None), [v.pk for v in values], *_columns(values)],
        )


def entries_for(ret: Return | None) -> dict[Key, Entry]:
    """The stored figures of a return, keyed by (measure code, breakdown)."""
    if ret is None or ret.pk is None:
        return {}
    return {(v.measure.code, v.breakdown): Entry(v.value, v.note, v.flag) for v in ret.values.select_related("measure")}


@transaction.atomic
def return_save(
    *, force: Force, period: ReportingPeriod, entries: dict[Key, Entry], user, today: datetime.date | None = None
) -> tuple[Return, WriteResult]:
    """
    Save the figures entered on the return form as a draft; return (the return, what was written).

    Raises DomainError when the return is locked, and ReturnProblems when figures disagree with
    each other (nothing is saved). Figures not in `entries` are left as they are.
    """
    ret = Return.objects.select_for_update().filter(force=force, period=period).first()
    state = lock_state_for(force=force, period=period, ret=ret, today=today)
    if not state.editable:
        raise DomainError(state.reason)
    measures = {m.code: m for m in applicable_measures(period)}
    stored = {}
    if ret is not None:
        stored = {(v.measure.code, v.breakdown): v for v in ret.values.select_related("measure")}
    merged = {key: Entry(v.value, v.note, v.flag) for key, v in stored.items()}
    merged.update(entries)
    problems = check_consistency(measures.values(), merged)
    if problems:
        raise ReturnProblems("Some figures disagree with each other", problems)
    changes = []
    for (code, breakdown), entry in entries.items():
        old = stored.get((code, breakdown))
        if old is not None and old.value == entry.value and old.note == entry.note:
            continue
        if old is None and entry.value is None and not entry.note:
            continue
        changes.append(Change(force.pk, period, measures[code], breakdown, entry.value, entry.note))
    returns = {(force.pk, period.pk): ret} if ret is not None else {}
    existing = {(force.pk, period.pk, v.measure_id, v.breakdown): v for v in stored.values()}
    result = values_write(changes=changes, returns=returns, existing=existing, user=user, reason="Saved on the form")
    return returns.get((force.pk, period.pk)) or Return.objects.get(force=force, period=period), result


@transaction.atomic
def return_submit(*, ret: Return, user, today: datetime.date | None = None) -> Return:
    """
    Submit a draft or returned return for national review.

    Raises DomainError when it is locked, and ReturnProblems listing every figure that is missing
    without a reason or flagged without an explanation.
    """
    ret = Return.objects.select_for_update().get(pk=ret.pk)
    state = lock_state_for(force=ret.force, period=ret.period, ret=ret, today=today)
    if not state.editable:
        raise DomainError(state.reason)
    measures = applicable_measures(ret.period)
    entries = entries_for(ret)
    problems = check_consistency(measures, entries) + check_ready_to_submit(measures, entries)
    if problems:
        raise ReturnProblems("The return cannot be submitted yet", problems)
    ret.status = Return.Status.SUBMITTED
    ret.submitted_at = timezone.now()
    ret.submitted_by = user
    ret._change_reason = "Submitted"
    ret.full_clean()
    ret.save()
    return ret


@transaction.atomic
def return_approve(*, ret: Return, user, comment: str = "") -> Return:
    """Approve a submitted return: it locks for good and its figures are open to every force."""
    ret = Return.objects.select_for_update().get(pk=ret.pk)
    if ret.status != Return.Status.SUBMITTED:
        raise DomainError("Only a submitted return can be approved")
    ret.status = Return.Status.APPROVED
    ret.reviewed_at, ret.reviewed_by, ret.review_comment = timezone.now(), user, comment.strip()
    ret._change_reason = "Approved"
    ret.save()
    return ret


@transaction.atomic
def return_send_back(*, ret: Return, user, comment: str) -> Return:
    """Return a submitted return to the force with comments; the force corrects it and submits again."""
    ret = Return.objects.select_for_update().get(pk=ret.pk)
    if ret.status != Return.Status.SUBMITTED:
        raise DomainError("Only a submitted return can be returned to the force")
    if not comment.strip():
        raise DomainError("Enter comments for the force")
    ret.status = Return.Status.RETURNED
    ret.reviewed_at, ret.reviewed_by, ret.review_comment = timezone.now(), user, comment.strip()
    ret._change_reason = "Returned to the force"
    ret.save()
    return ret
