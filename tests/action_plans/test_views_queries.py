"""The plan pages run a fixed number of queries whatever the number of actions (no N+1)."""

import datetime

import pytest
from django.urls import reverse

from action_plans.models import LocalAction, ProgressUpdate
from frameworks.models import FrameworkAction


def _fill(plan, count, author):
    """Give the plan `count` actions, each addressing two framework actions and with one update."""
    fas = list(FrameworkAction.objects.filter(framework_id=plan.round.framework_id, audience="forces")
               .select_related("outcome").order_by("pk"))
    actions = LocalAction.objects.bulk_create([
        LocalAction(plan=plan, reference=f"Q-{n:03d}", title=f"Action {n}",
                    pillar_id=fas[n % len(fas)].outcome.pillar_id, outcome_id=fas[n % len(fas)].outcome_id,
                    owner_team=f"Team {n % 4}",
                    target_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=n))
        for n in range(count)
    ])
    through = LocalAction.framework_actions.through
    through.objects.bulk_create([
        through(localaction_id=a.pk, frameworkaction_id=fas[(n + k) % len(fas)].pk)
        for n, a in enumerate(actions) for k in (0, 1)
    ])
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(action=a, on=datetime.date(2022, 5, 1), author=author, narrative="x", progress=10)
        for a in actions
    ])


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["plan-actions", "plan-detail", "plan-review"])
def test_plan_pages_run_the_same_queries_for_5_and_150_actions(page, covered_plan_a, planning_round, force_b,
                                                               coordinator, planner_a_user, plan_b,
                                                               django_assert_num_queries):
    from action_plans.models import ActionPlan

    small, large = plan_b, covered_plan_a
    LocalAction.objects.filter(plan=large).delete()
    _fill(small, 5, planner_a_user)
    _fill(large, 150, planner_a_user)
    if page == "plan-review":
        ActionPlan.objects.filter(pk__in=[small.pk, large.pk]).update(status="submitted")
    counts = [_count_queries(coordinator, reverse(f"action_plans:{page}", args=[p.pk])) for p in (small, large)]
    assert counts[0] == counts[1], counts
    with django_assert_num_queries(counts[1]):
        coordinator.get(reverse(f"action_plans:{page}", args=[large.pk]))


def test_plan_actions_page_runs_nine_queries(covered_plan_a, planner_a, planner_a_user, django_assert_num_queries):
    _fill(covered_plan_a, 150, planner_a_user)
    url = reverse("action_plans:plan-actions", args=[covered_plan_a.pk])
    # Session, user, plan, the outcomes and owner teams of the filter, actions, their framework
    # actions, the pillars of the filter and the unread count in the header.
    with django_assert_num_queries(9):
        response = planner_a.get(url, {"sort": "target"})
    assert len(response.context["actions"]) == 162
