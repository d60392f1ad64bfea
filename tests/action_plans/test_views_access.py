"""
Who reaches which page: another force's draft is a 404, a read-only role is a 403, anonymous
visitors are sent to sign in. Approved plans are open to every signed-in force user.
"""

import pytest
from django.urls import reverse

from action_plans.models import ActionPlan

PLAN_PAGES = ["plan-detail", "plan-actions", "plan-timeline"]
CHANGE_PAGES = ["action-create", "plan-details", "plan-send-for-signoff", "plan-submit", "plan-revise"]
ACTION_PAGES = ["action-detail", "action-history"]
ACTION_CHANGE_PAGES = ["action-edit", "action-delete"]


def _urls(plan, names):
    return [reverse(f"action_plans:{name}", args=[plan.pk]) for name in names]


def _action_urls(plan, names):
    action = plan.actions.first()
    return [reverse(f"action_plans:{name}", args=[plan.pk, action.pk]) for name in names]


@pytest.mark.parametrize(
    ("persona", "read", "change", "sign_off", "review"),
    [
        ("planner_a", 200, 200, 403, 403),
        ("chief_a", 200, 200, 200, 403),
        ("viewer_a", 200, 403, 403, 403),
        ("planner_b", 404, 404, 404, 404),
        ("coordinator", 200, 403, 403, 200),
        ("analyst", 200, 403, 403, 403),
    ],
)
def test_draft_plan_pages_answer_each_persona(request, covered_plan_a, persona, read, change, sign_off, review):
    client = request.getfixturevalue(persona)
    plan = covered_plan_a
    for url in _urls(plan, PLAN_PAGES) + _action_urls(plan, ACTION_PAGES):
        assert client.get(url).status_code == read, url
    for url in _urls(plan, CHANGE_PAGES) + _action_urls(plan, ACTION_CHANGE_PAGES):
        assert client.get(url).status_code == change, url
    for url in _urls(plan, ["plan-sign-off", "plan-send-back"]):
        assert client.get(url).status_code == sign_off, url
    assert client.get(reverse("action_plans:plan-review", args=[plan.pk])).status_code == review


def test_anonymous_is_sent_to_sign_in(anonymous, covered_plan_a, login_url):
    urls = (
        [reverse("action_plans:list"), reverse("action_plans:needs-update"), reverse("action_plans:round-open")]
        + _urls(covered_plan_a, PLAN_PAGES + CHANGE_PAGES + ["plan-sign-off", "plan-review"])
        + _action_urls(covered_plan_a, ACTION_PAGES + ACTION_CHANGE_PAGES + ["progress-post"])
    )
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse(login_url))


def test_approved_plan_is_read_by_other_forces_but_not_changed(approved_plan_a, planner_b):
    for url in _urls(approved_plan_a, PLAN_PAGES) + _action_urls(approved_plan_a, ACTION_PAGES):
        assert planner_b.get(url).status_code == 200, url
    change_urls = _urls(approved_plan_a, ["action-create", "plan-revise"])
    for url in change_urls + _action_urls(approved_plan_a, ["progress-post"]):
        assert planner_b.get(url).status_code == 403, url


def _listed(response) -> set:
    """Every plan on the list page: each current revision and the earlier ones folded under it."""
    return {plan for group in response.context["groups"] for plan in [group.current, *group.earlier]}


def test_other_forces_see_approved_plans_in_the_list_but_not_drafts(approved_plan_a, plan_b, planner_b, planner_a):
    response = planner_b.get(reverse("action_plans:list"))
    assert _listed(response) == {plan_b, approved_plan_a}
    ActionPlan.objects.filter(pk=approved_plan_a.pk).update(status=ActionPlan.Status.SUBMITTED)
    response = planner_b.get(reverse("action_plans:list"))
    assert _listed(response) == {plan_b}
    assert _listed(planner_a.get(reverse("action_plans:list"))) == {approved_plan_a}


def test_progress_page_is_for_the_forces_editors(approved_plan_a, planner_a, chief_a, viewer_a, coordinator):
    url = _action_urls(approved_plan_a, ["progress-post"])[0]
    assert planner_a.get(url).status_code == 200
    assert chief_a.get(url).status_code == 200
    assert viewer_a.get(url).status_code == 403
    assert coordinator.get(url).status_code == 403


def test_round_open_is_for_coordinators_only(coordinator, analyst, planner_a):
    url = reverse("action_plans:round-open")
    assert coordinator.get(url).status_code == 200
    assert analyst.get(url).status_code == 403
    assert planner_a.get(url).status_code == 403


def test_unknown_plan_action_and_confirmation_are_404(covered_plan_a, plan_b, planner_a, coordinator):
    assert planner_a.get(reverse("action_plans:plan-detail", args=[999999])).status_code == 404
    other_action_url = reverse("action_plans:action-detail", args=[covered_plan_a.pk, 999999])
    assert planner_a.get(other_action_url).status_code == 404
    assert planner_a.get(reverse("action_plans:plan-confirmation", args=[covered_plan_a.pk, "nope"])).status_code == 404


def test_action_of_another_plan_is_not_reached_through_this_plan(covered_plan_a, plan_b, coordinator):
    from .factories import LocalActionFactory

    other = LocalActionFactory(plan=plan_b)
    url = reverse("action_plans:action-detail", args=[covered_plan_a.pk, other.pk])
    assert coordinator.get(url).status_code == 404


def test_post_only_pages_refuse_get(covered_plan_a, planner_a, framework):
    fa = framework.actions.first()
    assert planner_a.get(reverse("action_plans:exemption-clear", args=[covered_plan_a.pk, fa.pk])).status_code == 405
    assert planner_a.get(reverse("action_plans:plan-start-from-previous", args=[covered_plan_a.pk])).status_code == 405


def test_navigation_shows_action_plans_to_users_with_a_role(planner_a):
    response = planner_a.get(reverse("home"))
    items = [(i["text"], i["href"]) for i in response.context["nav_items"]]
    assert ("Action plans", reverse("action_plans:list")) in items


POSTS = [
    ("plan-send-for-signoff", False), ("plan-submit", False), ("plan-sign-off", False), ("plan-send-back", False),
    ("plan-review", False), ("plan-revise", False), ("plan-details", False), ("plan-start-from-previous", False),
    ("action-create", False), ("action-edit", True), ("action-delete", True), ("progress-post", True),
]


@pytest.mark.parametrize(("name", "on_action"), POSTS)
@pytest.mark.parametrize(("persona", "expected"), [("planner_b", 404), ("viewer_a", 403), ("analyst", 403)])
def test_writes_are_refused_without_changing_anything(request, covered_plan_a, name, on_action, persona, expected):
    from action_plans.models import LocalAction, PlanTransition

    client = request.getfixturevalue(persona)
    action = covered_plan_a.actions.order_by("reference").first()
    args = [covered_plan_a.pk, action.pk] if on_action else [covered_plan_a.pk]
    before = (PlanTransition.objects.count(), LocalAction.objects.count(), action.lock_version)
    response = client.post(reverse(f"action_plans:{name}", args=args), {"comment": "x", "approve": "1"})
    assert response.status_code == expected
    action.refresh_from_db()
    covered_plan_a.refresh_from_db()
    assert (PlanTransition.objects.count(), LocalAction.objects.count(), action.lock_version) == before
    assert covered_plan_a.status == ActionPlan.Status.DRAFT
