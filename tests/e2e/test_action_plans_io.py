"""Browser tests: a planner exports and imports a plan's actions; a chief officer reads their notifications."""

import csv
import io

import pytest

from action_plans.models import LocalAction, PlanTransition
from action_plans.notifications import plan_event
from notifications.models import Notification
from tests.action_plans.factories import ActionPlanFactory, PlanningRoundFactory, build_framework
from tests.action_plans.io_conftest_helpers import csv_bytes, row, two_actions_add
from tests.conftest import PASSWORD

from .conftest import check_a11y, sign_in


@pytest.fixture
def plan_a(force_a, coordinator_user):
    """Force A's draft plan in an open round (the action_plans fixtures, rebuilt for the browser tests)."""
    round_ = PlanningRoundFactory(framework=build_framework(), opened_by=coordinator_user, title="Year 1 plans")
    round_.forces.set([force_a])
    return ActionPlanFactory(force=force_a, round=round_)


def _choose(page, name: str, content: bytes, mime: str = "text/csv") -> None:
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    page.get_by_role("button", name="Upload and check the file").click()
    page.wait_for_load_state()


def test_planner_exports_then_imports_actions(page, plan_a, planner_a_user):
    two_actions_add(plan_a)
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto(f"/plans/{plan_a.pk}/import/")
    assert page.locator("h1").inner_text() == "Import actions from a spreadsheet"
    page.get_by_text("Columns and what they can hold").click()
    assert page.get_by_text("Required. Your reference for the action").is_visible()
    check_a11y(page, "plan-import")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the actions as CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"force-a-plan-{plan_a.pk}-r1-actions.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as fh:
        exported = list(csv.reader(fh))
    assert [line[0] for line in exported] == ["Reference", "P1-01", "P2-01"]

    # A file with problems: nothing is saved, the summary and the table say what to fix.
    bad = csv_bytes([row("P1-01", "Changed"), row("P1-09", pillar="P9"), row("P1-10", progress="150")])
    _choose(page, "actions.csv", bad)
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The file has 2 problems in 2 rows" in summary
    table = page.locator("#row-errors + p + .app-table-scroll table").inner_text()
    assert "P9 is not a pillar of this plan's framework" in table
    assert "Enter a whole number from 0 to 100" in table
    check_a11y(page, "plan-import-errors")
    assert LocalAction.objects.get(reference="P1-01").title == "Train call handlers"

    # The exported file, edited: one title changed and one action added.
    exported[1][1] = "Train every call handler"
    exported.append(row("P3-01", "Publish a stalking guide", pillar="P3", outcome="P3.a", framework_actions="3.1.1"))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(exported)
    _choose(page, "actions.csv", buffer.getvalue().encode())
    assert page.locator("h1").inner_text() == "Actions imported"
    assert page.locator("#count-created").inner_text() == "1"
    assert page.locator("#count-updated").inner_text() == "1"
    assert page.locator("#count-unchanged").inner_text() == "1"
    check_a11y(page, "plan-import-done")
    assert LocalAction.objects.get(reference="P1-01").title == "Train every call handler"
    assert LocalAction.objects.filter(plan=plan_a).count() == 3


def test_chief_officer_reads_what_needs_attention(page, plan_a, planner_a_user, chief_a_user):
    sign_in(page, chief_a_user.email, PASSWORD)
    page.goto("/attention/")
    assert "No unread notifications." in page.locator("main").inner_text()
    check_a11y(page, "attention-empty")

    PlanTransition.objects.create(plan=plan_a, from_status="draft", to_status="awaiting_signoff", actor=planner_a_user)
    plan_event(event="signoff_requested", plan=plan_a)
    page.goto("/attention/")
    assert page.locator("h1").inner_text() == "Needs your attention"
    link = page.get_by_role("button", name="Force A Constabulary's plan for Year 1 plans is ready for your sign-off")
    assert link.count() == 1
    check_a11y(page, "attention")

    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/plans/{plan_a.pk}/")
    assert Notification.objects.get(user=chief_a_user).read_at is not None
