"""
The REST API at national scale (issue 13): the list endpoints analysts sync from, at the smallest
and the largest page, the CSV exports, and one call with a personal token (authentication cost).
Query counts must not grow with the page size; the medians show what a page of 200 costs.
"""

from bench.harness import Case

ANALYST = "analyst@example.com"
PLANNER = "planner@example.com"
_state: dict = {}


def _plan_actions_url(size: int):
    def url() -> str:
        from action_plans.models import ActionPlan

        plan = ActionPlan.objects.filter(status=ActionPlan.Status.APPROVED).order_by("pk").first()
        return f"/api/v1/plans/{plan.pk}/actions/?page_size={size}"

    return url


def _token_setup() -> None:
    from accounts import services
    from accounts.models import User

    user = User.objects.get(email=ANALYST)
    _, _state["token"] = services.api_token_create(user=user, name="bench", days=30)


def _token_run(client) -> None:
    from django.test import Client

    response = Client().get("/api/v1/plans/?page_size=200", headers={"Authorization": f"Bearer {_state['token']}"})
    if response.status_code != 200:
        raise SystemExit(f"api token call answered {response.status_code}")


CASES = [
    Case(name="api: plans, page of 20", user_email=ANALYST, url="/api/v1/plans/?page_size=20"),
    Case(name="api: plans, page of 200", user_email=ANALYST, url="/api/v1/plans/?page_size=200"),
    Case(name="api: one plan's actions, page of 20", user_email=ANALYST, url=_plan_actions_url(20)),
    Case(name="api: one plan's actions, page of 200", user_email=ANALYST, url=_plan_actions_url(200)),
    Case(name="api: returns with figures, page of 20", user_email=ANALYST,
         url="/api/v1/performance/returns/?page_size=20"),
    Case(name="api: returns with figures, page of 200", user_email=ANALYST,
         url="/api/v1/performance/returns/?page_size=200"),
    Case(name="api: figures, page of 20", user_email=ANALYST, url="/api/v1/performance/values/?page_size=20"),
    Case(name="api: figures, page of 200", user_email=ANALYST, url="/api/v1/performance/values/?page_size=200"),
    Case(name="api: forces, page of 200", user_email=PLANNER, url="/api/v1/forces/?page_size=200"),
    Case(name="api: plans, page of 200, with a token", setup=_token_setup, run=_token_run),
    Case(name="api: CSV export, every approved plan's actions", user_email=ANALYST,
         run=lambda client: b"".join(client.get("/api/v1/exports/approved-actions.csv").streaming_content)),
    Case(name="api: CSV export, every approved return's figures", user_email=ANALYST,
         run=lambda client: b"".join(client.get("/api/v1/exports/approved-returns.csv").streaming_content)),
]
