"""
Reporting periods, their automatic locking and the national team's lock exceptions.

A period locks a set number of days after its due date without any job running: the lock is
worked out from the date whenever a return is read or written (`return_lock_state`), so a
forgotten scheduler can never leave a period open.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Force
from common.errors import DomainError

from ..models import LockException, MeasureSet, ReportingPeriod, Return

DUE_AFTER_DAYS = 42
LOCK_AFTER_DAYS = 28


@dataclass(frozen=True)
class LockState:
    """Whether a force may change its return now; `reason` says why not (or under what exception)."""

    editable: bool
    code: str  # open | exception | not_open | closed | submitted | approved
    reason: str = ""


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def return_lock_state(
    *, period: ReportingPeriod, status: str | None, exception: LockException | None, today: datetime.date
) -> LockState:
    """
    The lock on one force's return for `period` on `today`.

    Approval locks for good; a submitted return waits for the national team; before entry opens
    and after the period locks nothing can change, unless the force holds a lock exception that
    has not ended.
    """
    if status == Return.Status.APPROVED:
        return LockState(False, "approved", "This return has been approved, so it is locked.")
    if status == Return.Status.SUBMITTED:
        return LockState(False, "submitted", "This return has been submitted and is waiting for national review.")
    if today < period.opens_on:
        return LockState(False, "not_open", f"Entry for {period.label} opens on {_day(period.opens_on)}.")
    if today >= period.locks_on:
        if exception is not None and today <= exception.ends_on:
            return LockState(
                True,
                "exception",
                f"The period is closed, but the national team has kept it open for "
                f"this force until {_day(exception.ends_on)}: {exception.reason}",
            )
        return LockState(
            False,
            "closed",
            f"The period closed on {_day(period.locks_on)}, "
            f"{period.lock_after_days} days after the due date of {_day(period.due_on)}. "
            "Ask the national team for a lock exception to change it.",
        )
    return LockState(True, "open", f"Due on {_day(period.due_on)}; it locks on {_day(period.locks_on)}.")


def half_year_bounds(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    """Financial half-years: H1 is April to September, H2 October to March (year = the April's year)."""
    if half == 1:
        return datetime.date(year, 4, 1), datetime.date(year, 9, 30)
    return datetime.date(year, 10, 1), datetime.date(year + 1, 3, 31)


def half_year_label(year: int, half: int) -> str:
    return f"{year}-{(year + 1) % 100:02d} H{half}"


def period_ensure_half_year(*, measure_set: MeasureSet, year: int, half: int) -> tuple[ReportingPeriod, bool]:
    """The half-year period (created with the standard dates if missing) and whether it was created."""
    starts_on, ends_on = half_year_bounds(year, half)
    label = half_year_label(year, half)
    return ReportingPeriod.objects.get_or_create(
        label=label,
        defaults={
            "slug": label.lower().replace(" ", "-"),
            "measure_set": measure_set,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "opens_on": ends_on + datetime.timedelta(days=1),
            "due_on": ends_on + datetime.timedelta(days=DUE_AFTER_DAYS),
            "lock_after_days": LOCK_AFTER_DAYS,
        },
    )


def periods_ensure_to_date(
    *, measure_set: MeasureSet, first_year: int = 2022, today: datetime.date | None = None
) -> int:
    """Every half-year period from `first_year` H1 to the one running today; return how many were created."""
    today = today or timezone.localdate()
    created = 0
    year, half = first_year, 1
    while half_year_bounds(year, half)[0] <= today:
        created += period_ensure_half_year(measure_set=measure_set, year=year, half=half)[1]
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return created


@transaction.atomic
def lock_exception_grant(
    *,
    period: ReportingPeriod,
    force: Force,
    reason: str,
    ends_on: datetime.date,
    user,
    today: datetime.date | None = None,
) -> LockException:
    """Let `force` change its return for the locked `period` until `ends_on`; replaces an earlier exception."""
    today = today or timezone.localdate()
    if ends_on < today:
        raise DomainError("The end date must be today or in the future")
    if not reason.strip():
        raise DomainError("Enter the reason for the exception")
    exception = LockException.objects.filter(period=period, force=force).first() or LockException(
        period=period, force=force
    )
    exception.reason = reason.strip()
    exception.ends_on = ends_on
    exception.granted_by = user
    exception.full_clean()
    exception.save()
    return exception
