"""
Spreadsheet export and import of a 150-action plan.

The plan is one made by `seed_demo --scale national` when it has a draft or returned plan with at
least 150 actions whose force has a planner; otherwise `setup` builds one (idempotently) for the
demo planner's force on the newest published framework.
"""

import datetime
import itertools

from bench.harness import Case

PLANNER = "planner@example.com"
ACTIONS = 150
_state: dict = {}


def _plan_ensure() -> None:
    from django.db.models import Count

    from accounts.models import Role, User
    from action_plans.models import ActionPlan, LocalAction, PlanningRound
    from frameworks.models import Framework, FrameworkAction

    if "plan" in _state:
        return
    seeded = (
        ActionPlan.objects.filter(status__in=[ActionPlan.Status.DRAFT, ActionPlan.Status.RETURNED])
        .annotate(n=Count("actions"))
        .filter(n__gte=ACTIONS, force__users__role=Role.FORCE_PLANNER)
        .order_by("-n", "pk")
        .first()
    )
    if seeded is not None:
        _state["plan"] = seeded
        _state["email"] = seeded.force.users.filter(role=Role.FORCE_PLANNER).order_by("pk").first().email
        return

    planner = User.objects.get(email=PLANNER)
    framework = Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-published_on").first()
    if framework is None:
        framework = _framework_build()
    coordinator = User.objects.filter(role=Role.NATIONAL_COORDINATOR).order_by("pk").first()
    round_, _ = PlanningRound.objects.get_or_create(
        framework=framework, title="Benchmark round (spreadsheets)",
        defaults={"due_on": datetime.date(2030, 3, 31), "opened_by": coordinator},
    )
    round_.forces.add(planner.force)
    plan, _ = ActionPlan.objects.get_or_create(force=planner.force, round=round_, revision=1)
    if plan.actions.count() < ACTIONS:
        plan.actions.all().delete()
        force_actions = list(
            FrameworkAction.objects.filter(framework=framework, audience=FrameworkAction.Audience.FORCES)
            .select_related("outcome__pillar")
        )
        for n, fa in zip(range(ACTIONS), itertools.cycle(force_actions), strict=False):
            action = LocalAction.objects.create(
                plan=plan, reference=f"B-{n:03d}", title=f"Benchmark action {n}", pillar=fa.outcome.pillar,
                outcome=fa.outcome, description="Work with partners to improve the response.\nReview quarterly.",
                owner_team="Public protection", lead_officer="DCI Example", start_on=datetime.date(2026, 4, 1),
                target_on=datetime.date(2027, 3, 31), progress=n % 101,
            )
            action.framework_actions.add(fa)
    _state["plan"] = plan
    _state["email"] = PLANNER


def _framework_build():
    """A small published framework, for a database where no framework has been loaded yet."""
    from frameworks.models import Framework, FrameworkAction, Outcome, Pillar

    framework, _ = Framework.objects.get_or_create(
        slug="bench-spreadsheets", version="1.0",
        defaults={"title": "Benchmark framework", "status": Framework.Status.PUBLISHED,
                  "published_on": datetime.date(2025, 1, 1)},
    )
    for p in range(1, 4):
        pillar, _ = Pillar.objects.get_or_create(framework=framework, code=f"P{p}", defaults={"title": f"Pillar {p}"})
        for o in "ab":
            outcome, _ = Outcome.objects.get_or_create(pillar=pillar, code=f"P{p}.{o}", defaults={"title": o})
            for a in range(1, 3):
                FrameworkAction.objects.get_or_create(
                    framework=framework, code=f"{p}.{o}.{a}", defaults={"outcome": outcome, "text": f"Action {a}"}
                )
    return framework


def _export_url(kind: str):
    return lambda: f"/plans/{_state['plan'].pk}/export.{kind}"


def _import(client, *, change: bool) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from action_plans.spreadsheets import plan_export_csv

    content = plan_export_csv(plan=_state["plan"])
    if change:
        # Alternate every title so each run really updates all 150 actions.
        content = (
            content.replace(b"Benchmark action", b"Benchmark task")
            if b"Benchmark action" in content
            else content.replace(b"Benchmark task", b"Benchmark action")
        )
    response = client.post(
        f"/plans/{_state['plan'].pk}/import/", {"file": SimpleUploadedFile("plan.csv", content, "text/csv")}
    )
    if response.status_code != 302:
        raise SystemExit(f"import answered {response.status_code}: {response.content[:500]!r}")


def _setup_for(case: Case):
    """Build or find the plan, then sign in as a planner of its force (the harness signs in after setup)."""

    def setup() -> None:
        _plan_ensure()
        case.user_email = _state["email"]

    return setup


CASES = [
    Case(name="plan io: export CSV, 150 actions", url=_export_url("csv")),
    Case(name="plan io: export XLSX, 150 actions", url=_export_url("xlsx")),
    Case(name="plan io: import 150 unchanged rows (validate only)", run=lambda client: _import(client, change=False)),
    Case(name="plan io: import 150 changed rows (validate + update)", run=lambda client: _import(client, change=True)),
]
for _case in CASES:
    _case.setup = _setup_for(_case)
