"""The home page per role (accounts.panels gathers action_plans/home.py and compliance/home.py), and
the home and attention pages' fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from action_plans.models import ActionPlan, LocalAction

from .factories import ActionPlanFactory, LocalActionFactory


def _main(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index("<main"):html.index("</main>")]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_visitors_keep_the_start_page(anonymous):
    main = _main(anonymous)
    assert "Sign in" in main and "Your force's plan" not in main


def test_a_planner_sees_their_forces_draft_with_gaps_rag_and_one_primary_next_step(planner_a, plan_a):
    pillar = plan_a.round.framework.pillars.first()
    for n, rag in enumerate(["red", "amber", "amber", "green", ""]):
        LocalActionFactory(plan=plan_a, reference=f"A-{n}", pillar=pillar, rag=rag)
    main = _main(planner_a)
    text = _text(main)
    assert "What you can do" not in main  # no bulleted copy of the navigation
    assert "Force A Constabulary action plan for Year 1 plans" in text
    assert "Status Draft" in text and "Due 31 March 2022" in text
    assert "12 framework actions not covered" in text
    # Numbers, not colour alone: each RAG label with its count.
    assert "Red 1" in text and "Amber 2" in text and "Green 1" in text and "Not rated 1" in text
    assert "Progress updates start once the plan is approved" in text
    buttons = re.findall(r'<a class="govuk-button[^"]*"[^>]*href="([^"]+)">([^<]+)</a>', main)
    assert buttons == [(f"/plans/{plan_a.pk}/actions/new/", "Add an action")]


def test_a_late_plan_says_how_many_days_overdue(planner_a, plan_a):
    due = plan_a.round.due_on
    days = (timezone.localdate() - due).days
    assert days > 0  # the factory's round was due in 2022
    assert f"Overdue by {days} days" in _text(_main(planner_a))


def test_an_approved_plan_counts_actions_not_updated_this_cycle(planner_a, approved_plan_a):
    actions = list(approved_plan_a.actions.order_by("pk"))
    LocalAction.objects.filter(pk=actions[0].pk).update(last_progress_on=timezone.localdate())
    text = _text(_main(planner_a))
    assert f"{len(actions) - 1} actions need an update" in text
    assert "Overdue by" not in text


def test_a_chief_officer_sees_what_awaits_their_sign_off(chief_a, covered_plan_a, drive):
    assert "Nothing awaits your sign-off" in _text(_main(chief_a))
    drive(covered_plan_a, ActionPlan.Status.AWAITING_SIGNOFF)
    main = _main(chief_a)
    assert "Force A Constabulary's plan for Year 1 plans is ready for you to sign off" in _text(main)
    assert f'href="/plans/{covered_plan_a.pk}/sign-off/">Sign off</a>' in main


def test_a_viewer_sees_the_summary_and_only_a_way_to_the_plan(viewer_a, plan_a):
    main = _main(viewer_a)
    assert "12 framework actions not covered" in _text(main)
    assert re.findall(r'class="govuk-button"[^>]*>([^<]+)<', main) == ["Open your plan"]


def test_a_planner_never_sees_another_forces_plan(planner_b, plan_a, force_b):
    text = _text(_main(planner_b))
    assert "Force A" not in text
    assert "Force B Police has no action plan yet" in text


def test_the_national_team_sees_the_review_queue_oldest_first_and_the_headline_figures(
    coordinator, analyst, planning_round, force_a, force_b
):
    now = timezone.now()
    newer = ActionPlanFactory(force=force_a, round=planning_round, status=ActionPlan.Status.SUBMITTED,
                              submitted_at=now - datetime.timedelta(days=1))
    older = ActionPlanFactory(force=force_b, round=planning_round, status=ActionPlan.Status.SUBMITTED,
                              submitted_at=now - datetime.timedelta(days=5))
    main = _main(coordinator)
    assert main.index(f"/plans/{older.pk}/review/") < main.index(f"/plans/{newer.pk}/review/")
    text = _text(main)
    assert "2 plans submitted and waiting for national review" in text
    assert "Headline figures" in text and "Forces in the round 2" in text
    assert 'href="/compliance/"' in main
    # The analyst reads the queue but reviews nothing: the links go to the plans.
    main = _main(analyst)
    assert f"/plans/{older.pk}/review/" not in main and f'href="/plans/{older.pk}/"' in main


def test_empty_states_say_what_to_do(coordinator, db):
    text = _text(_main(coordinator))
    assert "No plans are waiting for review" in text
    assert "No planning round is open" in text and "Open a planning round" in text


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(plan: ActionPlan, count: int) -> None:
    pillar = plan.round.framework.pillars.first()
    LocalAction.objects.bulk_create(
        LocalAction(plan=plan, reference=f"Z-{n:03d}", title=f"Action {n}", pillar=pillar, rag="amber")
        for n in range(count)
    )


@pytest.mark.parametrize("status", [ActionPlan.Status.DRAFT, ActionPlan.Status.APPROVED])
def test_the_home_and_attention_pages_run_a_fixed_number_of_queries_at_150_actions(
    planner_a, chief_a, covered_plan_a, drive, status, django_assert_num_queries
):
    plan = drive(covered_plan_a, status) if status != ActionPlan.Status.DRAFT else covered_plan_a
    small = {(who, url): _queries(client, url) for who, client in (("planner", planner_a), ("chief", chief_a))
             for url in ("/", "/attention/")}
    _grow(plan, 150)
    for (who, url), count in small.items():
        client = planner_a if who == "planner" else chief_a
        with django_assert_num_queries(count):
            client.get(url)


def test_the_home_page_runs_the_same_queries_for_the_coordinator_with_many_plans_waiting(
    coordinator, planning_round, force_a, force_b, django_assert_num_queries
):
    ActionPlanFactory(force=force_a, round=planning_round, status=ActionPlan.Status.SUBMITTED,
                      submitted_at=timezone.now())
    few = _queries(coordinator, "/")
    from tests.factories import ForceFactory

    for n in range(15):
        ActionPlanFactory(force=ForceFactory(code=f"f{n}", name=f"Force {n}"), round=planning_round,
                          status=ActionPlan.Status.SUBMITTED, submitted_at=timezone.now())
    _grow(ActionPlan.objects.filter(force=force_a).first(), 150)
    with django_assert_num_queries(few):
        coordinator.get("/")
