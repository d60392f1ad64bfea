"""
Report fixtures: Force A's plan with owners, tools, progress and a sign-off, and Force B's draft.

Report files go to a temporary REPORTS storage folder per test.
"""

import datetime

import pytest

from action_plans import services as plan_services
from action_plans.models import ActionPlan
from reports.models import ReportJob
from reports.storage import PrivateFileSystemStorage
from tests.action_plans.factories import (
    ActionPlanFactory,
    PlanningRoundFactory,
    build_framework,
    cover_framework,
    drive_to,
)
from tests.toolkit.factories import BehaviourFactory, OffenceFactory, TacticFactory

XSS = "<script>alert(1)</script>"
LONG_TITLE = (
    "Work with every local authority, health partner, university, transport operator and licensed venue "
    "across the force area to make public spaces safer for women and girls at night, end to end and"
)


@pytest.fixture(autouse=True)
def reports_storage(tmp_path):
    """A private folder per test for report files (the field's storage is bound when models load)."""
    root = tmp_path / "reports"
    field = ReportJob._meta.get_field("file")
    saved = field.storage
    field.storage = PrivateFileSystemStorage(location=root, allow_overwrite=True)
    yield root
    field.storage = saved


@pytest.fixture
def framework(db):
    return build_framework()


@pytest.fixture
def planning_round(framework, coordinator_user, force_a, force_b):
    round_ = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title="Year 1 plans")
    round_.forces.set([force_a, force_b])
    return round_


@pytest.fixture
def tools(db):
    return [TacticFactory(name="Stalking protection order"), TacticFactory(name="Domestic violence protection notice")]


@pytest.fixture
def plan_a(planning_round, force_a, planner_a_user, chief_a_user, coordinator_user, tools):
    """Force A's approved plan: 12 actions with owners, dates, RAG and tools, a sign-off and an update."""
    plan = ActionPlanFactory(force=force_a, round=planning_round, lead_chief_officer="DCC Morgan")
    actions = cover_framework(plan, prefix="A")
    for n, action in enumerate(actions):
        action.owner_team = f"Owner team {n}"
        action.lead_officer = f"Inspector {n}"
        action.rag = ["red", "amber", "green", ""][n % 4]
        action.target_on = datetime.date(2027, 3, 31)
        action.save()
    actions[0].title = XSS
    actions[0].save()
    actions[1].title = LONG_TITLE
    actions[1].save()
    actions[2].tools.set(tools)
    plan = drive_to(plan, ActionPlan.Status.APPROVED, planner=planner_a_user, chief=chief_a_user,
                    coordinator=coordinator_user)
    plan_services.progress_post(action=actions[3], actor=planner_a_user, on=datetime.date(2026, 10, 1),
                                narrative="Training delivered to 40 call handlers.", rag="green", progress=60)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def draft_plan_b(planning_round, force_b):
    """Force B's draft, with an action title that must never reach another force's document."""
    plan = ActionPlanFactory(force=force_b, round=planning_round)
    actions = cover_framework(plan, prefix="B")
    actions[0].title = "Force B secret draft action"
    actions[0].save()
    return plan


@pytest.fixture
def toolkit_entries(db, tools):
    # The toolkit tests load the shipped toolkit once per session; its s67A would clash with this one.
    from toolkit.models import Behaviour, Offence

    Behaviour.objects.all().delete()
    Offence.objects.all().delete()
    behaviour = BehaviourFactory(name="Upskirting", summary="Taking a picture under clothing.")
    offence = OffenceFactory(name="Voyeurism", act="Sexual Offences Act 2003", section="67A")
    behaviour.offence_links.create(offence=offence, note="without consent")
    behaviour.tactic_links.create(tactic=tools[0])
    return behaviour


def job_for(user, plan) -> ReportJob:
    return ReportJob.objects.filter(requested_by=user, params={"plan_id": plan.pk}).latest("created_at")


