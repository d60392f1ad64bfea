"""
Action plans at national scale (150 actions a plan): the plan's action list and overview as the
West Yorkshire planner, and saving an action through the edit page (POST, redirect not followed).
"""

from django.test import Client

from bench.harness import Case

PLANNER = "planner@example.com"
_state: dict = {}


def _plan_pk() -> int:
    """The West Yorkshire draft, looked up once so the timed runs count only the page's queries."""
    from action_plans.models import ActionPlan

    if "plan_pk" in _state:
        return _state["plan_pk"]
    plan = ActionPlan.objects.filter(force__code="west-yorkshire").order_by("-round__due_on", "-revision").first()
    if plan is None:
        raise SystemExit("No West Yorkshire plan: seed_demo found no published framework to plan against")
    _state["plan_pk"] = plan.pk
    return plan.pk


def _prepare_save() -> None:
    """Pick the first action of the planner's draft and remember the form data and version."""
    from action_plans.models import LocalAction

    action = LocalAction.objects.filter(plan_id=_plan_pk()).order_by("reference").first()
    data = {
        "reference": action.reference, "title": action.title, "description": action.description,
        "pillar": action.pillar_id, "outcome": action.outcome_id or "", "owner_team": action.owner_team,
        "lead_officer": action.lead_officer, "partners": action.partners, "status": action.status,
        "rag": action.rag, "progress": action.progress, "priority": action.priority,
        "success_measure": action.success_measure, "framework_actions": list(
            action.framework_actions.values_list("pk", flat=True)),
    }
    _state.update(url=f"/plans/{action.plan_id}/actions/{action.pk}/edit/", data=data, version=action.lock_version)


def _save(client: Client) -> None:
    response = client.post(_state["url"], {**_state["data"], "lock_version": _state["version"]})
    if response.status_code != 302:
        raise SystemExit(f"action save answered {response.status_code}, expected a redirect")
    _state["version"] += 1


CASES = [
    Case(name="plan actions page, 150 actions (planner)", user_email=PLANNER,
         url=lambda: f"/plans/{_plan_pk()}/actions/"),
    Case(name="plan overview, 150 actions (planner)", user_email=PLANNER, url=lambda: f"/plans/{_plan_pk()}/"),
    Case(name="action save, POST edit (planner)", user_email=PLANNER, setup=_prepare_save, run=_save),
]
