"""Saving, submitting, approving and returning a force's return, with its history."""

import datetime
from decimal import Decimal

import pytest

from common.errors import DomainError
from performance.models import Return, ReturnValue
from performance.services.returns import (
    ReturnProblems,
    return_approve,
    return_save,
    return_send_back,
    return_submit,
)
from performance.validation import Entry

from .conftest import TODAY, full_figures, store


def as_entries(figures, notes=None):
    notes = notes or {}
    return {key: Entry(value, notes.get(key[0], "") if key[1] == "" else "") for key, value in figures.items()}


def test_save_creates_a_draft_with_its_figures_and_history(force_a, open_period, planner_a_user):
    ret, result = return_save(
        force=force_a, period=open_period, entries=as_entries(full_figures()), user=planner_a_user
    )
    ret.refresh_from_db()
    assert ret.status == Return.Status.DRAFT
    assert result.created == 6
    assert ReturnValue.objects.get(return_obj=ret, measure__code="C1", breakdown="").value == Decimal(100)
    history = ReturnValue.history.filter(return_obj_id=ret.pk)
    assert history.count() == 6
    assert {h.history_user for h in history} == {planner_a_user}


def test_saving_the_same_figures_again_writes_nothing(force_a, open_period, planner_a_user):
    return_save(force=force_a, period=open_period, entries=as_entries(full_figures()), user=planner_a_user)
    _, result = return_save(force=force_a, period=open_period, entries=as_entries(full_figures()), user=planner_a_user)
    assert (result.created, result.updated) == (0, 0)
    assert ReturnValue.history.count() == 6


def test_figures_that_disagree_are_not_saved(force_a, open_period, planner_a_user):
    with pytest.raises(ReturnProblems) as exc:
        return_save(force=force_a, period=open_period, entries=as_entries(full_figures(a=1, b=1)), user=planner_a_user)
    assert [p.measure_code for p in exc.value.problems] == ["C1"]
    assert not ReturnValue.objects.exists()
    assert not Return.objects.exists()


def test_a_locked_period_refuses_figures(force_a, locked_period, planner_a_user):
    with pytest.raises(DomainError) as exc:
        return_save(force=force_a, period=locked_period, entries=as_entries(full_figures()), user=planner_a_user)
    assert exc.value.message.startswith("The period closed on")
    assert not ReturnValue.objects.exists()


def test_a_period_not_yet_open_refuses_figures(force_a, future_period, planner_a_user):
    with pytest.raises(DomainError, match="opens on"):
        return_save(force=force_a, period=future_period, entries=as_entries(full_figures()), user=planner_a_user)


def test_an_outlier_is_flagged_but_saved(force_a, measure_set, open_period, planner_a_user):
    from .conftest import make_period

    for i in range(5):
        earlier = make_period(measure_set, f"Earlier {i}", opens_in=-400 + i * 50, due_in=-380 + i * 50)
        store(force_a, earlier, full_figures(), status=Return.Status.APPROVED)
    figures = full_figures(c1=1000, a=600, b=400, c2=100)
    ret, result = return_save(force=force_a, period=open_period, entries=as_entries(figures), user=planner_a_user)
    flagged = ReturnValue.objects.get(return_obj=ret, measure__code="C1", breakdown="")
    assert flagged.value == Decimal(1000)
    assert flagged.flag == "outlier"
    assert ("C1", flagged.flag_detail) in result.flagged


def test_submit_needs_reasons_for_missing_figures_then_submits(force_a, open_period, planner_a_user):
    figures = full_figures()
    figures[("D1", "")] = None
    ret, _ = return_save(force=force_a, period=open_period, entries=as_entries(figures), user=planner_a_user)
    with pytest.raises(ReturnProblems) as exc:
        return_submit(ret=ret, user=planner_a_user)
    assert [p.message for p in exc.value.problems] == ["Enter D1, or give the reason it is missing"]
    ret.refresh_from_db()
    assert ret.status == Return.Status.DRAFT

    return_save(
        force=force_a,
        period=open_period,
        entries={("D1", ""): Entry(None, "Not recorded this period")},
        user=planner_a_user,
    )
    return_submit(ret=ret, user=planner_a_user)
    ret.refresh_from_db()
    assert (ret.status, ret.submitted_by) == (Return.Status.SUBMITTED, planner_a_user)


def test_submitted_return_cannot_be_changed_by_the_force(force_a, open_period, planner_a_user):
    ret, _ = return_save(force=force_a, period=open_period, entries=as_entries(full_figures()), user=planner_a_user)
    return_submit(ret=ret, user=planner_a_user)
    with pytest.raises(DomainError, match="waiting for national review"):
        return_save(force=force_a, period=open_period, entries=as_entries(full_figures(d1=31)), user=planner_a_user)
    assert ReturnValue.objects.get(measure__code="D1").value == 30


def test_approval_locks_the_return(force_a, open_period, planner_a_user, coordinator_user):
    ret, _ = return_save(force=force_a, period=open_period, entries=as_entries(full_figures()), user=planner_a_user)
    return_submit(ret=ret, user=planner_a_user)
    return_approve(ret=ret, user=coordinator_user, comment="Thank you")
    ret.refresh_from_db()
    assert (ret.status, ret.reviewed_by, ret.review_comment) == (Return.Status.APPROVED, coordinator_user, "Thank you")
    with pytest.raises(DomainError, match="approved"):
        return_save(force=force_a, period=open_period, entries=as_entries(full_figures(d1=1)), user=planner_a_user)
    with pytest.raises(DomainError, match="Only a submitted return can be approved"):
        return_approve(ret=ret, user=coordinator_user)
    reasons = list(ret.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["Submitted", "Approved"]


def test_returning_needs_comments_and_lets_the_force_correct_and_resubmit(
    force_a, open_period, planner_a_user, coordinator_user
):
    ret, _ = return_save(force=force_a, period=open_period, entries=as_entries(full_figures()), user=planner_a_user)
    return_submit(ret=ret, user=planner_a_user)
    with pytest.raises(DomainError, match="Enter comments"):
        return_send_back(ret=ret, user=coordinator_user, comment=" ")
    return_send_back(ret=ret, user=coordinator_user, comment="Check D1")
    ret.refresh_from_db()
    assert (ret.status, ret.review_comment) == (Return.Status.RETURNED, "Check D1")
    return_save(force=force_a, period=open_period, entries={("D1", ""): Entry(Decimal(45), "")}, user=planner_a_user)
    return_submit(ret=ret, user=planner_a_user)
    ret.refresh_from_db()
    assert ret.status == Return.Status.SUBMITTED


def test_approval_after_the_period_locks_is_allowed(force_a, locked_period, coordinator_user):
    ret = store(force_a, locked_period, full_figures(), status=Return.Status.SUBMITTED)
    return_approve(ret=ret, user=coordinator_user)
    ret.refresh_from_db()
    assert ret.status == Return.Status.APPROVED


def test_exception_lets_a_force_change_a_closed_period(force_a, locked_period, planner_a_user, coordinator_user):
    from performance.services.periods import lock_exception_grant

    lock_exception_grant(
        period=locked_period,
        force=force_a,
        reason="Late data",
        user=coordinator_user,
        ends_on=TODAY + datetime.timedelta(days=2),
    )
    ret, _ = return_save(force=force_a, period=locked_period, entries=as_entries(full_figures()), user=planner_a_user)
    assert ret.values.count() == 6
