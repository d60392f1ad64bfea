"""
A small world for the API tests: two forces, a framework, Force A's draft plan (gap-free), Force
A's approved plan (in an earlier round, with a progress update), Force B's draft, a reporting
period open now with Force A's draft return and Force B's approved one; and a token per persona.
"""

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from action_plans.models import ActionPlan
from tests.action_plans.factories import (
    ActionPlanFactory,
    PlanningRoundFactory,
    build_framework,
    cover_framework,
    drive_to,
)
from tests.performance.conftest import build_measure_set, full_figures, make_open_period, store

PERSONAS = ["planner_a", "chief_a", "planner_b", "coordinator", "analyst"]


@pytest.fixture
def world(force_a, force_b, planner_a_user, chief_a_user, planner_b_user, coordinator_user, analyst_user):
    from action_plans import services
    from performance.models import Return

    framework = build_framework()
    earlier = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title="Year 0 plans")
    current = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title="Year 1 plans")
    for round_ in (earlier, current):
        round_.forces.set([force_a, force_b])
    approved = ActionPlanFactory(force=force_a, round=earlier)
    cover_framework(approved, prefix="A")
    drive_to(approved, ActionPlan.Status.APPROVED, planner=planner_a_user, chief=chief_a_user,
             coordinator=coordinator_user)
    approved.refresh_from_db()
    approved_action = approved.actions.order_by("pk").first()
    services.progress_post(action=approved_action, actor=planner_a_user, on=timezone.localdate(),
                           narrative="Started.", rag="green", progress=10)
    draft = ActionPlanFactory(force=force_a, round=current)
    cover_framework(draft)
    draft_b = ActionPlanFactory(force=force_b, round=current)
    period = make_open_period(build_measure_set())
    return_a = store(force_a, period, full_figures())
    store(force_b, period, full_figures(d1=12), status=Return.Status.APPROVED)
    return {
        "framework": framework, "approved": approved, "approved_action": approved_action, "draft": draft,
        "draft_action": draft.actions.order_by("pk").first(), "draft_b": draft_b, "period": period,
        "return_a": return_a,
    }


def token_client(user) -> Client:
    _, raw = account_services.api_token_create(user=user, name="test", days=30)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    client.user = user
    return client


@pytest.fixture
def persona(request):
    """persona("planner_a") or persona("planner_a", token=True): a session client or a token client."""

    def _persona(name: str, token: bool = False):
        if name == "anonymous":
            return Client()
        if token:
            return token_client(request.getfixturevalue(f"{name}_user"))
        return request.getfixturevalue(name)

    return _persona
