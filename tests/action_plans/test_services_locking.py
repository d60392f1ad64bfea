"""
Lock order: an action edit and an import of the same plan must not deadlock (issue 7, finding 4).

Every service that locks takes the plan's row first and then its actions (in primary-key order).
The race is run for real on PostgreSQL, two threads each with its own connection: the import
takes the plan lock and then waits until the edit is blocked on a lock, so the edit is certainly
mid-way when the import goes on to write the action. With the old order (the edit locked the
action and then the plan) PostgreSQL detects a deadlock and one side fails with OperationalError.

SQLite has no row locks, so the test runs only on PostgreSQL; with VAWG_REQUIRE_SERVICES=1 (CI)
a missing PostgreSQL is a failure, never a skip.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections

from action_plans import services, spreadsheets
from action_plans.models import LocalAction
from tests.conftest import REQUIRE_SERVICES

from .io_conftest_helpers import action_in, csv_bytes, row

# Only for waiting on the other thread; never asserted on. Far beyond PostgreSQL's 1 s deadlock check.
_WAIT_SECONDS = 30


@pytest.fixture
def postgres():
    if not settings.USING_POSTGRES:
        if REQUIRE_SERVICES:
            pytest.fail("VAWG_REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL: the lock-order race needs it")
        pytest.skip("the lock-order race needs PostgreSQL (set DATABASE_URL)")


def _waiting_on_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        found = cursor.fetchone()
    return bool(found) and found[0] == "Lock"


def _in_thread(target, outcome: dict, key: str):
    def run():
        try:
            outcome[key] = target()
        except BaseException as exc:  # noqa: BLE001 - the test inspects whatever happened
            outcome[key] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=key)
    thread.start()
    return thread


def test_an_action_edit_during_an_import_neither_deadlocks(postgres, transactional_db, plan_a, planner_a_user,
                                                           chief_a_user, monkeypatch):
    action = action_in(plan_a, reference="P1-01", title="Before")
    plan_locked = threading.Event()
    edit_pid: dict[str, int] = {}
    real_load = spreadsheets._Lookups.load

    def load_after_the_edit_blocks(plan):
        # The import holds the plan's lock here. Let the edit start, and go on only once it waits.
        plan_locked.set()
        deadline = time.monotonic() + _WAIT_SECONDS
        while time.monotonic() < deadline and not ("pid" in edit_pid and _waiting_on_lock(edit_pid["pid"])):
            time.sleep(0.02)
        return real_load(plan)

    monkeypatch.setattr(spreadsheets._Lookups, "load", load_after_the_edit_blocks)

    def run_import():
        return spreadsheets.plan_actions_import(
            plan=plan_a, filename="actions.csv", content=csv_bytes([row("P1-01", "From the import")]),
            user=planner_a_user,
        )

    def run_edit():
        plan_locked.wait(_WAIT_SECONDS)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            edit_pid["pid"] = cursor.fetchone()[0]
        try:
            return services.action_update(action=action, expected_version=action.lock_version,
                                          actor=chief_a_user, title="From the editor")
        except services.StaleEditError as exc:
            return exc  # the import saved first: the editor is told, which is the designed outcome

    outcome: dict = {}
    threads = [_in_thread(run_import, outcome, "import"), _in_thread(run_edit, outcome, "edit")]
    for thread in threads:
        thread.join(_WAIT_SECONDS * 2)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting on a lock"

    assert not isinstance(outcome["import"], BaseException), repr(outcome["import"])
    assert not isinstance(outcome["edit"], BaseException) or isinstance(outcome["edit"], services.StaleEditError), (
        repr(outcome["edit"])
    )
    assert outcome["import"].ok and outcome["import"].updated == 1
    # The import went first (it held the plan); the edit, opened on the old version, was refused.
    assert isinstance(outcome["edit"], services.StaleEditError)
    saved = LocalAction.objects.get(pk=action.pk)
    assert (saved.title, saved.lock_version) == ("From the import", action.lock_version + 1)
