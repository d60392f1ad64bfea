"""Periods lock a set number of days after the due date; a lock exception reopens one force's return."""

import datetime

import pytest

from common.errors import DomainError
from performance.models import LockException, Return
from performance.services.periods import (
    half_year_label,
    lock_exception_grant,
    periods_ensure_to_date,
    return_lock_state,
)

from .conftest import TODAY


def state(period, status=None, exception=None, today=TODAY):
    return return_lock_state(period=period, status=status, exception=exception, today=today)


def test_open_period_is_editable(open_period):
    assert state(open_period).editable
    assert state(open_period).code == "open"


def test_period_is_editable_until_the_day_before_it_locks(open_period):
    last_day = open_period.due_on + datetime.timedelta(days=open_period.lock_after_days)
    assert state(open_period, today=last_day).editable
    locked = state(open_period, today=last_day + datetime.timedelta(days=1))
    assert (locked.editable, locked.code) == (False, "closed")
    assert "Ask the national team for a lock exception" in locked.reason


def test_period_not_yet_open_says_when_it_opens(future_period):
    result = state(future_period)
    assert (result.editable, result.code) == (False, "not_open")
    assert (
        result.reason == f"Entry for 2027-28 H1 opens on {future_period.opens_on.day} {future_period.opens_on:%B %Y}."
    )


def test_approved_and_submitted_returns_are_locked_even_in_an_open_period(open_period):
    assert state(open_period, Return.Status.APPROVED).code == "approved"
    assert state(open_period, Return.Status.SUBMITTED).code == "submitted"
    assert state(open_period, Return.Status.RETURNED).editable


def test_exception_reopens_a_closed_period_until_its_end_date(locked_period, force_a, coordinator_user):
    exception = LockException(
        period=locked_period,
        force=force_a,
        reason="System migration",
        ends_on=TODAY + datetime.timedelta(days=3),
        granted_by=coordinator_user,
    )
    result = state(locked_period, exception=exception)
    assert (result.editable, result.code) == (True, "exception")
    assert "System migration" in result.reason
    assert not state(locked_period, exception=exception, today=TODAY + datetime.timedelta(days=4)).editable


def test_exception_does_not_reopen_an_approved_return(locked_period, force_a, coordinator_user):
    exception = LockException(
        period=locked_period,
        force=force_a,
        reason="x",
        ends_on=TODAY + datetime.timedelta(days=3),
        granted_by=coordinator_user,
    )
    assert state(locked_period, Return.Status.APPROVED, exception).code == "approved"


def test_granting_an_exception_twice_replaces_it(locked_period, force_a, coordinator_user):
    lock_exception_grant(period=locked_period, force=force_a, reason="First", ends_on=TODAY, user=coordinator_user)
    lock_exception_grant(
        period=locked_period,
        force=force_a,
        reason="Second",
        ends_on=TODAY + datetime.timedelta(days=9),
        user=coordinator_user,
    )
    exception = LockException.objects.get()
    assert (exception.reason, exception.ends_on) == ("Second", TODAY + datetime.timedelta(days=9))
    assert exception.history.count() == 2


@pytest.mark.parametrize(
    ("reason", "ends_in", "message"),
    [
        ("", 3, "Enter the reason for the exception"),
        ("Late data", -1, "The end date must be today or in the future"),
    ],
)
def test_exception_needs_a_reason_and_a_future_end(locked_period, force_a, coordinator_user, reason, ends_in, message):
    with pytest.raises(DomainError) as exc:
        lock_exception_grant(
            period=locked_period,
            force=force_a,
            reason=reason,
            ends_on=TODAY + datetime.timedelta(days=ends_in),
            user=coordinator_user,
        )
    assert exc.value.message == message
    assert not LockException.objects.exists()


def test_half_year_periods_are_created_to_date_once(measure_set):
    created = periods_ensure_to_date(measure_set=measure_set, today=datetime.date(2023, 11, 1))
    assert created == 4  # 2022-23 H1 and H2, 2023-24 H1 and H2 (running on 1 November 2023)
    assert periods_ensure_to_date(measure_set=measure_set, today=datetime.date(2023, 11, 1)) == 0
    assert half_year_label(2022, 1) == "2022-23 H1"
    period = measure_set.periods.get(label="2022-23 H2")
    assert (period.starts_on, period.ends_on) == (datetime.date(2022, 10, 1), datetime.date(2023, 3, 31))
    assert period.opens_on == datetime.date(2023, 4, 1)
    assert period.locks_on == period.due_on + datetime.timedelta(days=29)
