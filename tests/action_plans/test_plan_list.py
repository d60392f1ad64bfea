"""
The plans list: own force's plan first, filters (status, region, late) and sort in the query
string, earlier revisions folded under the current one, an empty state, and a fixed number of
queries whatever the number of plans.
"""

import datetime

import pytest
from django.urls import reverse

from action_plans import services
from action_plans.models import ActionPlan
from tests.factories import ForceFactory

from .factories import ActionPlanFactory

S = ActionPlan.Status
URL = reverse("action_plans:list")


def _rows(response) -> list[tuple[str, int]]:
    return [(g.current.force.name, g.current.revision) for g in response.context["groups"]]


@pytest.fixture
def plans(planning_round, plan_a, plan_b, force_b):
    """Force A's and Force B's drafts, and two more forces' plans elsewhere: one approved, one submitted late."""
    planning_round.due_on = datetime.date.today() + datetime.timedelta(days=30)
    planning_round.save()
    north = ForceFactory(name="Aardvark Police", region="North East")
    south = ForceFactory(name="Zebra Police", region="South West")
    planning_round.forces.add(north, south)
    approved = ActionPlanFactory(force=north, round=planning_round, status=S.APPROVED)
    submitted = ActionPlanFactory(force=south, round=planning_round, status=S.SUBMITTED, is_late=True)
    return {"a": plan_a, "b": plan_b, "approved": approved, "submitted": submitted}


def test_the_users_own_force_comes_first_then_the_rest_by_force(plans, planner_a):
    rows = _rows(planner_a.get(URL))
    # A planner sees their own draft first, then the approved plans of other forces.
    assert rows == [("Force A Constabulary", 1), ("Aardvark Police", 1)]


def test_the_national_team_sees_every_force_in_order(plans, coordinator):
    names = [name for name, _ in _rows(coordinator.get(URL))]
    assert names == sorted(names)
    assert len(names) == 4


@pytest.mark.parametrize("query, expected", [
    ("?status=approved", ["Aardvark Police"]),
    ("?status=submitted", ["Zebra Police"]),
    ("?region=South+West", ["Zebra Police"]),
    ("?late=on", ["Zebra Police"]),
    ("?status=approved&region=South+West", []),
])
def test_filters_apply_from_the_query_string(plans, coordinator, query, expected):
    assert [name for name, _ in _rows(coordinator.get(URL + query))] == expected


def test_a_draft_past_its_due_date_counts_as_late(plans, coordinator, planning_round):
    planning_round.due_on = datetime.date.today() - datetime.timedelta(days=3)
    planning_round.save()
    names = [name for name, _ in _rows(coordinator.get(URL + "?late=on"))]
    assert names == ["Force A Constabulary", "Force B Police", "Zebra Police"]


def test_sort_by_status_follows_the_workflow(plans, coordinator):
    statuses = [g.current.status for g in coordinator.get(URL + "?sort=status").context["groups"]]
    assert statuses == [S.DRAFT, S.DRAFT, S.SUBMITTED, S.APPROVED]


def test_unknown_filter_values_are_ignored_not_refused(plans, coordinator):
    response = coordinator.get(URL + "?status=nonsense&region=Atlantis&sort=sideways")
    assert response.status_code == 200
    assert len(response.context["groups"]) == 4


def test_no_match_shows_an_empty_state_with_a_way_back(plans, coordinator):
    body = coordinator.get(URL + "?status=superseded").content.decode()
    assert "No plans match these filters." in body and "Clear the filters" in body
    assert "<table" not in body


def test_earlier_revisions_fold_under_the_current_one(approved_plan_a, planner_a_user, planner_a, planner_b):
    revision = services.plan_start_revision(plan=approved_plan_a, actor=planner_a_user)
    response = planner_a.get(URL)
    [group] = response.context["groups"]
    assert group.current == revision and group.earlier == [approved_plan_a]
    body = response.content.decode()
    assert '<details class="govuk-details' in body
    assert reverse("action_plans:plan-detail", args=[approved_plan_a.pk]) in body
    # Another force sees only the approved revision, with nothing folded under it.
    [other] = planner_b.get(URL).context["groups"]
    assert other.current == approved_plan_a and other.earlier == []


def test_pagination_links_keep_the_filters_and_sort(planning_round, coordinator, monkeypatch):
    from action_plans import views

    monkeypatch.setattr(views, "PLAN_LIST_PAGE_SIZE", 2)
    for _ in range(5):
        ActionPlanFactory(force=ForceFactory(region="Wales"), round=planning_round)
    body = coordinator.get(URL + "?region=Wales&sort=due").content.decode()
    assert 'href="?region=Wales&amp;sort=due&amp;page=2"' in body
    page_2 = coordinator.get(URL + "?region=Wales&sort=due&page=2")
    assert len(page_2.context["groups"]) == 2
    assert 'href="?region=Wales&amp;sort=due&amp;page=1"' in page_2.content.decode()


def test_the_list_runs_the_same_queries_for_few_and_many_plans(planning_round, coordinator, coordinator_user,
                                                                django_assert_num_queries):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(URL + "?sort=status").status_code == 200
        return len(captured.captured_queries)

    ActionPlanFactory(round=planning_round)
    few = count()
    for _ in range(30):
        plan = ActionPlanFactory(round=planning_round, status=S.APPROVED)
        ActionPlanFactory(round=planning_round, force=plan.force, revision=2, supersedes=plan)
    assert count() == few
    with django_assert_num_queries(few):
        coordinator.get(URL + "?sort=status")


def test_the_list_is_refused_to_anonymous(anonymous):
    assert anonymous.get(URL).status_code == 302
