"""
The quarterly progress grid at national scale: Kent's approved plan (150 actions with
`seed_demo --scale national`) as the Kent planner, the page (GET) and a save that records an
update on every one of the 150 actions (POST, redirect not followed).
"""

import datetime

from django.test import Client

from bench.harness import Case

PLANNER = "planner.kent@example.com"
_state: dict = {}


def _plan_pk() -> int:
    """Kent's approved plan, looked up once so the timed runs count only the page's queries."""
    from action_plans.models import ActionPlan

    if "plan_pk" not in _state:
        plan = ActionPlan.objects.filter(force__code="kent", status=ActionPlan.Status.APPROVED).order_by(
            "-round__due_on", "-revision").first()
        if plan is None:
            raise SystemExit("No approved Kent plan: seed_demo found no published framework to plan against")
        _state["plan_pk"] = plan.pk
    return _state["plan_pk"]


def _prepare_save() -> None:
    """The grid as posted with every row changed: its RAG kept (or green), progress set, a comment."""
    from action_plans.models import LocalAction

    today = datetime.date.today()
    data = {"on_0": today.day, "on_1": today.month, "on_2": today.year}
    for n, (pk, rag) in enumerate(LocalAction.objects.filter(plan_id=_plan_pk()).values_list("pk", "rag")):
        data.update({f"rag_{pk}": rag or "green", f"progress_{pk}": str(n % 90),
                     f"comment_{pk}": "Benchmark quarter: work continues with partners."})
    _state.update(url=f"/plans/{_plan_pk()}/progress/", data=data, rows=len(data) // 3)


def _save(client: Client) -> None:
    response = client.post(_state["url"], _state["data"])
    if response.status_code != 302:
        raise SystemExit(f"progress grid save answered {response.status_code}, expected a redirect")


CASES = [
    Case(name="progress grid, 150 actions (planner)", user_email=PLANNER, url=lambda: f"/plans/{_plan_pk()}/progress/"),
    Case(name="progress grid save, 150 updates (planner)", user_email=PLANNER, setup=_prepare_save, run=_save),
]
