"""Factories for frameworks and action plans: required fields only, unique values from sequences."""

import datetime

import factory

from action_plans.models import ActionPlan, LocalAction, PlanningRound
from frameworks.models import Framework, FrameworkAction, Outcome, Pillar
from tests.factories import ForceFactory, NationalUserFactory


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"framework-{n}")
    version = "1.0"
    title = factory.Sequence(lambda n: f"Test framework {n}")
    status = Framework.Status.PUBLISHED
    published_on = datetime.date(2021, 12, 15)
    plan_due_on = datetime.date(2022, 3, 31)


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pillar

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    title = factory.Sequence(lambda n: f"Pillar {n}")


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    pillar = factory.SubFactory(PillarFactory)
    code = factory.Sequence(lambda n: f"O{n}")
    title = factory.Sequence(lambda n: f"Outcome {n}")


class FrameworkActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkAction

    outcome = factory.SubFactory(OutcomeFactory)
    framework = factory.LazyAttribute(lambda o: o.outcome.pillar.framework)
    code = factory.Sequence(lambda n: f"A{n}")
    text = factory.Sequence(lambda n: f"Framework action {n}")
    audience = FrameworkAction.Audience.FORCES


class PlanningRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanningRound

    framework = factory.SubFactory(FrameworkFactory)
    title = factory.Sequence(lambda n: f"Planning round {n}")
    due_on = datetime.date(2022, 3, 31)
    opened_by = factory.SubFactory(NationalUserFactory)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    force = factory.SubFactory(ForceFactory)
    round = factory.SubFactory(PlanningRoundFactory)


class LocalActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAction

    plan = factory.SubFactory(ActionPlanFactory)
    reference = factory.Sequence(lambda n: f"X-{n:03d}")
    title = factory.Sequence(lambda n: f"Local action {n}")
    pillar = factory.SubFactory(PillarFactory)


def build_framework(*, pillars: int = 3, outcomes_per_pillar: int = 2, actions_per_outcome: int = 2,
                    national_actions: int = 1, **framework_fields) -> Framework:
    """A small published framework: P1..Pn, outcomes Pn.a.., force actions n.1.., and national ones."""
    framework = FrameworkFactory(**framework_fields)
    for p in range(1, pillars + 1):
        pillar = PillarFactory(framework=framework, code=f"P{p}", title=f"Pillar {p}", position=p)
        for o in range(outcomes_per_pillar):
            outcome = OutcomeFactory(pillar=pillar, code=f"P{p}.{'abcdefgh'[o]}", title=f"Outcome {p}{'abcdefgh'[o]}",
                                     position=o)
            for a in range(1, actions_per_outcome + 1):
                FrameworkActionFactory(
                    outcome=outcome, framework=framework, code=f"{p}.{o + 1}.{a}",
                    text=f"Force action {p}.{o + 1}.{a}", position=a,
                )
    first_outcome = Outcome.objects.filter(pillar__framework=framework).order_by("pk").first()
    for n in range(1, national_actions + 1):
        FrameworkActionFactory(
            outcome=first_outcome, framework=framework, code=f"N.{n}", text=f"National action {n}",
            audience=FrameworkAction.Audience.NATIONAL,
        )
    return framework


def cover_framework(plan: ActionPlan, *, prefix: str = "L") -> list[LocalAction]:
    """Give the plan one local action per framework action expected of forces, so it has no gaps."""
    actions = []
    expected = FrameworkAction.objects.filter(
        framework_id=plan.round.framework_id, audience=FrameworkAction.Audience.FORCES
    ).select_related("outcome").order_by("pk")
    for n, fa in enumerate(expected, start=1):
        action = LocalActionFactory(plan=plan, reference=f"{prefix}-{n:03d}", pillar_id=fa.outcome.pillar_id,
                                    outcome=fa.outcome)
        action.framework_actions.add(fa)
        actions.append(action)
    return actions


def drive_to(plan: ActionPlan, status: str, *, planner, chief, coordinator) -> ActionPlan:
    """Take a gap-free draft through the real workflow services until it reaches `status`."""
    from action_plans import services

    steps = [ActionPlan.Status.AWAITING_SIGNOFF, "signed_off", ActionPlan.Status.SUBMITTED, ActionPlan.Status.APPROVED]
    plan.refresh_from_db()
    done = {
        ActionPlan.Status.AWAITING_SIGNOFF: 2 if plan.signed_off_on else 1,
        ActionPlan.Status.SUBMITTED: 3,
        ActionPlan.Status.APPROVED: 4,
    }.get(plan.status, 0)
    for step in steps[done:]:
        if step == ActionPlan.Status.AWAITING_SIGNOFF:
            plan = services.plan_send_for_signoff(plan=plan, actor=planner)
        elif step == "signed_off":
            plan = services.plan_sign_off(plan=plan, actor=chief, name=chief.full_name, rank="Chief Constable",
                                          signed_on=datetime.date.today(), statement="Signed off.")
        elif step == ActionPlan.Status.SUBMITTED:
            plan = services.plan_submit(plan=plan, actor=planner)
        else:
            plan = services.plan_approve(plan=plan, actor=coordinator)
        if step == status:
            break
    plan.refresh_from_db()
    return plan
