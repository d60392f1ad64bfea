"""
Demo action plans: one round on the 2021 framework with plans in every state across forces.

West Yorkshire (the demo planner's force) has a draft with gaps to work on, Kent's plan is
approved with progress updates, and the other forces' plans are spread over every other state.
Small scale gives the 43 territorial forces and British Transport Police 15–40 actions a plan;
national scale gives every force (46, with the other special forces) 150 actions a plan and the
delivering plans' actions 10 progress updates each, written with bulk inserts so the plans seed in
seconds. Idempotent: a second run finds the demo round and stops.

Dates follow the workflow around the round's due date: a plan is signed off a few days before it
is submitted, most plans are submitted in the four weeks before the due date and about one in five
after it (is_late says so, as services.plan_submit would), and a plan is approved or returned one
to six weeks after submission. The transitions carry the same dates.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Force, Role, User
from frameworks.models import Framework, FrameworkAction, Pillar
from toolkit.models import Tactic

from . import services
from .models import (
    ActionPlan,
    CoverageExemption,
    LocalAction,
    PlanningRound,
    PlanTransition,
    ProgressUpdate,
    ReviewComment,
)

ROUND_TITLE = "Local action plans, year 1 (demo)"
S = ActionPlan.Status

# Plausible local actions, in our own words, by the theme of the pillar they sit under.
TITLES = {
    "trust": [
        "Run listening circles with women's groups in each district",
        "Publish a quarterly VAWG performance summary for the public",
        "Set up a lived-experience scrutiny panel for VAWG cases",
        "Train every supervisor to challenge sexist behaviour at work",
        "Launch a confidential reporting line for misogyny inside the force",
        "Review all open misconduct cases involving violence against women",
        "Fast-track gross misconduct hearings for VAWG allegations",
        "Add VAWG scenarios to the probationer curriculum",
        "Refresh vetting of officers in public protection roles",
        "Co-design the force VAWG plan with specialist support services",
        "Survey women's confidence in the force twice a year",
        "Appoint a VAWG champion in every neighbourhood team",
        "Create a clear route for victims to complain about our response",
        "Pursue pension forfeiture after gross misconduct findings",
        "Work with schools on respectful relationships sessions",
    ],
    "pursuit": [
        "Target the twenty most harmful domestic abuse perpetrators each month",
        "Use domestic abuse protection orders in every eligible case",
        "Increase stalking protection order applications",
        "Introduce a perpetrator-focused tasking meeting",
        "Improve the quality of rape investigations through case reviews",
        "Place independent sexual violence advisers in the rape team",
        "Use electronic tagging data for high-risk offenders",
        "Join up offender management with probation for serial perpetrators",
        "Build a victim care plan for every rape and serious sexual offence",
        "Raise the charge rate for rape through early advice from prosecutors",
        "Return victims' phones within 24 hours where possible",
        "Audit the use of bail conditions in VAWG cases",
        "Train investigators in trauma-informed interviewing",
        "Share intelligence on repeat perpetrators across force borders",
        "Use Clare's Law disclosures proactively",
    ],
    "spaces": [
        "Patrol the night-time economy with licensing partners",
        "Map locations where women report feeling unsafe",
        "Run a walk-and-talk scheme with women in parks",
        "Work with transport operators on safer journeys home",
        "Train door staff and bar staff in bystander intervention",
        "Tackle online abuse through a dedicated digital investigations desk",
        "Improve street lighting with the council at hotspot sites",
        "Promote the StreetSafe reporting tool in each district",
        "Deploy plain-clothes officers to spot predatory behaviour",
        "Work with universities on campus safety",
        "Run a safer spaces campaign in gyms and sports clubs",
        "Target spiking with licensed premises and testing kits",
        "Address harassment on buses and trams with operators",
        "Set up a community safety partnership task group",
        "Review CCTV coverage at transport hubs",
    ],
}
THEMES = ["trust", "pursuit", "spaces"]
TEAMS = ["Public protection", "Safeguarding", "Neighbourhood policing", "Professional standards", "Crime investigation",
         "Learning and development", "Corporate communications", "Partnerships"]
OFFICERS = ["DCI Amira Shah", "Supt Ben Cole", "DI Grace Lee", "Ch Insp Tom Evans", "Sgt Priya Nair", "DS Owen Price"]
DIVISIONS = ["", " (north division)", " (south division)", " (city centre)", " (rural areas)", " (phase two)",
             " (online)", " (partnership)", " (pilot)", " (force-wide)", " (review)"]
# Every state except the two demo forces' is spread over the other forces in this order.
# "revising": approved, with revision 2 in draft; "revised": revision 1 superseded by an approved revision 2.
CYCLE = [S.DRAFT, S.AWAITING_SIGNOFF, "signed_off", S.SUBMITTED, S.RETURNED, S.APPROVED, "revising", S.APPROVED,
         "revised"]


def _framework() -> Framework | None:
    published = Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-published_on")
    return published.filter(slug="vawg-framework-2021").first() or published.first()


def seed(scale: str) -> str:
    framework = _framework()
    coordinator = User.objects.filter(role=Role.NATIONAL_COORDINATOR).order_by("pk").first()
    if framework is None or coordinator is None:
        return "no published framework or coordinator: nothing to seed"
    if PlanningRound.objects.filter(title=ROUND_TITLE).exists():
        return "demo round already seeded"
    forces = Force.objects.all() if scale == "national" else Force.objects.filter(
        Q(kind=Force.Kind.TERRITORIAL) | Q(code="btp"))
    forces = list(forces.order_by("name"))
    if not forces:
        return "no forces loaded: nothing to seed"
    with transaction.atomic():
        count = _seed(framework=framework, coordinator=coordinator, forces=forces, scale=scale)
    return f"{len(forces)} plans with {count} actions on {framework.short_title or framework.title} ({scale})"


def _seed(*, framework: Framework, coordinator: User, forces: list[Force], scale: str) -> int:
    due = framework.plan_due_on or datetime.date(2022, 3, 31)
    planning_round = PlanningRound.objects.create(framework=framework, title=ROUND_TITLE, due_on=due,
                                                  opened_by=coordinator)
    planning_round.forces.set(forces)
    pillars = list(Pillar.objects.filter(framework=framework).order_by("position", "code"))
    expected = list(FrameworkAction.objects.filter(framework=framework, audience=FrameworkAction.Audience.FORCES)
                    .select_related("outcome").order_by("outcome__pillar__position", "outcome__position", "position"))
    if not pillars:
        return 0
    users = {u.force_id: u for u in User.objects.filter(role=Role.FORCE_PLANNER, force__in=forces)}
    chiefs = {u.force_id: u for u in User.objects.filter(role=Role.CHIEF_OFFICER, force__in=forces)}
    total = 0
    others = 0
    for force in forces:
        if force.code == "west-yorkshire":
            state = "draft_with_gaps"
        elif force.code == "kent":
            state = S.APPROVED
        else:
            state = CYCLE[others % len(CYCLE)]
            others += 1
        # Demo data only: a seeded generator keeps each force's plan the same on every run.
        rng = random.Random(force.code)  # noqa: S311
        size = 150 if scale == "national" else rng.randint(15, 40)
        planner = users.get(force.pk, coordinator)
        chief = chiefs.get(force.pk, planner)
        total += _plan(planning_round=planning_round, force=force, state=state, size=size, rng=rng, pillars=pillars,
                       expected=expected, planner=planner, chief=chief, coordinator=coordinator,
                       updates_per_action=10 if scale == "national" else None)
    return total


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A moment in office hours on `day`, in the project's time zone."""
    return datetime.datetime.combine(day, datetime.time(rng.randint(9, 16), rng.choice([0, 15, 30, 45])),
                                     tzinfo=timezone.get_current_timezone())


def _plan(*, planning_round, force, state, size, rng, pillars, expected, planner, chief, coordinator,
          updates_per_action=None) -> int:
    due = planning_round.due_on
    revise = state in {"revising", "revised"}
    approve_revision = state == "revised"
    state = S.APPROVED if revise else state
    status = S.DRAFT if state == "draft_with_gaps" else ("awaiting_signoff" if state == "signed_off" else state)
    plan = ActionPlan.objects.create(force=force, round=planning_round, status=status,
                                     lead_chief_officer=f"DCC {chief.full_name}" if chief != coordinator else "")
    # When each step happened: most plans go in during the four weeks before the due date, about
    # one in five after it; sign-off comes a few days before submission (or, for a plan still
    # awaiting submission, shortly before the due date); review one to six weeks after it.
    late = rng.random() < 0.2
    submitted = _at(due + datetime.timedelta(days=rng.randint(1, 45)) if late
                    else due - datetime.timedelta(days=rng.randint(0, 28)), rng)
    signed_off = (timezone.localdate(submitted) - datetime.timedelta(days=rng.randint(1, 7))
                  if state != "signed_off" else due - datetime.timedelta(days=rng.randint(3, 10)))
    reviewed = submitted + datetime.timedelta(days=rng.randint(7, 42), hours=rng.randint(0, 3))
    opened = _at(due - datetime.timedelta(days=120), rng)
    ready = _at(signed_off - datetime.timedelta(days=rng.randint(2, 14)), rng)
    steps = [(S.DRAFT, S.AWAITING_SIGNOFF, planner, "", ready)]
    if state in {"signed_off", S.SUBMITTED, S.RETURNED, S.APPROVED}:
        plan.signed_off_by, plan.signed_off_name = chief, chief.full_name
        plan.signed_off_rank = "Deputy Chief Constable"
        plan.signed_off_on = signed_off
        plan.signoff_statement = "I have read this plan and approve it on behalf of the force."
        steps.append((S.AWAITING_SIGNOFF, S.AWAITING_SIGNOFF, chief, f"Signed off by {chief.full_name}",
                      _at(signed_off, rng)))
    if state in {S.SUBMITTED, S.RETURNED, S.APPROVED}:
        plan.submitted_at = submitted
        # The rule of services.plan_submit: late when submitted after the due day.
        plan.is_late = timezone.localdate(submitted) > due
        steps.append((S.AWAITING_SIGNOFF, S.SUBMITTED, planner,
                      "Submitted after the due date" if plan.is_late else "", submitted))
    if state == S.RETURNED:
        steps.append((S.SUBMITTED, S.RETURNED, coordinator, "Please add success measures to the pursuit actions.",
                      reviewed))
        plan.signed_off_by, plan.signed_off_name, plan.signed_off_rank, plan.signed_off_on = None, "", "", None
        plan.signoff_statement, plan.submitted_at = "", None
    if state == S.APPROVED:
        plan.approved_at, plan.approved_by = reviewed, coordinator
        steps.append((S.SUBMITTED, S.APPROVED, coordinator, "A clear, well-evidenced plan.", reviewed))
    if status == S.DRAFT:
        steps = []
    plan.save()
    transitions = PlanTransition.objects.bulk_create(
        [PlanTransition(plan=plan, from_status="", to_status=S.DRAFT, actor=coordinator, comment=f"Round opened: "
                        f"{planning_round.title}")]
        + [PlanTransition(plan=plan, from_status=f, to_status=t, actor=a, comment=c) for f, t, a, c, _ in steps]
    )
    # `at` is set on insert (auto_now_add); give each step its own date.
    for transition, when in zip(transitions, [opened, *[step[4] for step in steps]], strict=True):
        transition.at = when
    PlanTransition.objects.bulk_update(transitions, ["at"])
    if state == S.RETURNED:
        ReviewComment.objects.create(plan=plan, author=coordinator,
                                     body="Please add success measures to the pursuit actions.")

    delivering = state == S.APPROVED
    actions = []
    for n in range(size):
        pillar = pillars[n % len(pillars)]
        theme = THEMES[pillars.index(pillar) % len(THEMES)]
        titles = TITLES[theme]
        round_of_titles = n // (len(pillars) * len(titles))
        title = titles[(n // len(pillars)) % len(titles)] + DIVISIONS[round_of_titles % len(DIVISIONS)]
        start = due + datetime.timedelta(days=rng.randint(0, 120))
        progress = rng.choice([0, 10, 25, 40, 60, 80, 100]) if delivering else 0
        actions.append(LocalAction(
            plan=plan, reference=f"{pillar.code}-{n // len(pillars) + 1:02d}", title=title[:200], pillar=pillar,
            description=f"{title}. Led locally with partners and reviewed at the force VAWG board.",
            owner_team=rng.choice(TEAMS), lead_officer=rng.choice(OFFICERS),
            partners=rng.choice(["", "Local authority; health", "Specialist support services", "Probation; CPS"]),
            start_on=start, target_on=start + datetime.timedelta(days=rng.randint(90, 540)),
            status=(LocalAction.Status.COMPLETE if progress == 100 else
                    LocalAction.Status.IN_PROGRESS if progress else LocalAction.Status.NOT_STARTED),
            rag=rng.choice(["green", "green", "amber", "red"]) if delivering else "",
            progress=progress, priority=rng.choice(["high", "medium", "medium", "low"]),
            success_measure="Measured through the force's quarterly VAWG performance return.",
        ))
    actions = bulk_create_with_history(actions, LocalAction, default_user=planner)
    actions = list(LocalAction.objects.filter(plan=plan).order_by("pk"))
    _link(plan=plan, actions=actions, expected=expected, with_gaps=state == "draft_with_gaps", planner=planner)
    _use_tools(actions=actions, rng=rng)
    if delivering:
        _updates(actions=actions, author=planner, rng=rng, per_action=updates_per_action)
    if revise:
        _revise(plan=plan, approve=approve_revision, planner=planner, coordinator=coordinator, rng=rng)
    return len(actions)


def _revise(*, plan: ActionPlan, approve: bool, planner: User, coordinator: User, rng: random.Random) -> None:
    """
    Start revision 2 of an approved plan; when `approve`, approve it too, superseding revision 1.

    Revision 2 goes in months after the due date, so it is late by services.plan_submit's rule.
    """
    revision = services.plan_start_revision(plan=plan, actor=planner)
    if not approve:
        return
    submitted = plan.approved_at + datetime.timedelta(days=rng.randint(150, 240))
    approved = submitted + datetime.timedelta(days=rng.randint(7, 28))
    ActionPlan.objects.filter(pk=plan.pk).update(status=S.SUPERSEDED)
    ActionPlan.objects.filter(pk=revision.pk).update(
        status=S.APPROVED, submitted_at=submitted, approved_at=approved, approved_by=coordinator,
        is_late=timezone.localdate(submitted) > plan.round.due_on,
        signed_off_by=plan.signed_off_by, signed_off_name=plan.signed_off_name, signed_off_rank=plan.signed_off_rank,
        signed_off_on=timezone.localdate(submitted) - datetime.timedelta(days=2),
        signoff_statement=plan.signoff_statement,
    )
    transitions = PlanTransition.objects.bulk_create([
        PlanTransition(plan=revision, from_status=S.DRAFT, to_status=S.AWAITING_SIGNOFF, actor=planner),
        PlanTransition(plan=revision, from_status=S.AWAITING_SIGNOFF, to_status=S.SUBMITTED, actor=planner),
        PlanTransition(plan=revision, from_status=S.SUBMITTED, to_status=S.APPROVED, actor=coordinator,
                       comment="Revised targets agreed."),
        PlanTransition(plan=plan, from_status=S.APPROVED, to_status=S.SUPERSEDED, actor=coordinator,
                       comment=f"Replaced by revision {revision.revision}"),
    ])
    for transition, when in zip(transitions, [submitted - datetime.timedelta(days=5), submitted, approved, approved],
                                strict=True):
        transition.at = when
    PlanTransition.objects.bulk_update(transitions, ["at"])


def _link(*, plan, actions, expected, with_gaps, planner) -> None:
    """Cover every expected framework action (a draft with gaps leaves some out), matching by pillar."""
    through = LocalAction.framework_actions.through
    by_pillar: dict[int, list[LocalAction]] = {}
    for action in actions:
        by_pillar.setdefault(action.pillar_id, []).append(action)
    links, exempt = [], []
    targets = expected[: max(0, len(expected) - 5)] if with_gaps else expected
    for i, fa in enumerate(targets):
        candidates = by_pillar.get(fa.outcome.pillar_id)
        if candidates:
            links.append(through(localaction_id=candidates[i % len(candidates)].pk, frameworkaction_id=fa.pk))
        else:
            exempt.append(CoverageExemption(plan=plan, framework_action=fa, created_by=planner,
                                            reason="Delivered regionally by the collaboration, not by this force."))
    through.objects.bulk_create(links, ignore_conflicts=True)
    CoverageExemption.objects.bulk_create(exempt)


def _use_tools(*, actions, rng) -> None:
    """Perpetrator-pursuit actions (pillar P2) use one or two of the toolkit's orders and notices."""
    tools = list(Tactic.objects.filter(kind__in=["civil_order", "notice", "disclosure_scheme"]).values_list(
        "pk", flat=True))
    if not tools:
        return
    through = LocalAction.tools.through
    through.objects.bulk_create([
        through(localaction_id=action.pk, tactic_id=tool)
        for action in actions if action.reference.startswith("P2")
        for tool in rng.sample(tools, k=min(2, len(tools)))
    ], ignore_conflicts=True)


def _updates(*, actions, author, rng, per_action: int | None = None) -> None:
    """
    Progress updates on the delivering plan's actions, some older than this quarter: one or two on
    each started action, or `per_action` on every action (national scale, for the benchmarks).
    """
    today = timezone.localdate()
    updates = []
    for action in actions:
        if per_action is None and action.progress == 0:
            continue
        days = sorted(rng.sample(range(5, 400 if per_action else 200), per_action or 2))
        for d in days[: per_action or rng.randint(1, 2)]:
            updates.append(ProgressUpdate(action=action, on=today - datetime.timedelta(days=d), author=author,
                                          narrative="Work continues with partners; next milestone on track.",
                                          rag=action.rag, progress=action.progress))
    ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
    latest: dict[int, datetime.date] = {}
    for update in updates:
        latest[update.action_id] = max(latest.get(update.action_id, update.on), update.on)
    for action in actions:
        action.last_progress_on = latest.get(action.pk)
    LocalAction.objects.bulk_update(actions, ["last_progress_on"])
