"""
Gaps that lead somewhere: "Send for sign-off" is the primary button only when it can succeed and
the page says what blocks it; a gap can be closed by linking an existing action; actions that
address no framework action are flagged.
"""

import pytest
from django.urls import reverse

from action_plans import selectors, services
from action_plans.models import ActionPlan, LocalAction, ReviewComment
from common.errors import DomainError
from frameworks.models import FrameworkAction

from .factories import LocalActionFactory, build_framework


def _url(name, plan, *args):
    return reverse(f"action_plans:{name}", args=[plan.pk, *args])


@pytest.fixture
def gap_plan(covered_plan_a):
    """Force A's draft with every framework action covered but 1.1.1, whose action is removed."""
    fa = FrameworkAction.objects.get(framework_id=covered_plan_a.round.framework_id, code="1.1.1")
    LocalAction.objects.filter(plan=covered_plan_a, framework_actions=fa).delete()
    return covered_plan_a


@pytest.fixture
def gap(gap_plan):
    return FrameworkAction.objects.get(framework_id=gap_plan.round.framework_id, code="1.1.1")


def _submit_class(body, label):
    """The class of the form's submit button labelled `label`."""
    import re

    match = re.search(rf'<input type="submit"\s+name="submit"\s+value="{label}"\s+class="([^"]*)"', body)
    return match.group(1)


def _buttons(body):
    """The next-step buttons, as (label, primary) in page order."""
    import re

    group = body[body.index('id="next-step"'):]
    group = group[:group.index("</div>")]
    return [(label.strip(), "govuk-button--secondary" not in cls)
            for cls, label in re.findall(r'<a class="(govuk-button[^"]*)" href="[^"]*">([^<]+)</a>', group)]


# Services -----------------------------------------------------------------------------------------


def test_linking_an_existing_action_closes_the_gap(gap_plan, gap, planner_a_user):
    action = gap_plan.actions.order_by("reference").first()
    kept = set(action.framework_actions.values_list("pk", flat=True))
    version = action.lock_version
    services.action_link_framework_action(action=action, framework_action=gap, actor=planner_a_user)
    action.refresh_from_db()
    assert set(action.framework_actions.values_list("pk", flat=True)) == kept | {gap.pk}
    assert action.lock_version == version + 1
    assert selectors.coverage_gaps(gap_plan) == []


def test_linking_follows_the_action_rules(gap_plan, gap, planner_a_user, drive):
    action = gap_plan.actions.order_by("reference").first()
    national = FrameworkAction.objects.get(framework_id=gap_plan.round.framework_id, code="N.1")
    with pytest.raises(DomainError, match="national team"):
        services.action_link_framework_action(action=action, framework_action=national, actor=planner_a_user)
    other = build_framework(pillars=1).actions.first()
    with pytest.raises(DomainError, match="not an action in this plan's framework"):
        services.action_link_framework_action(action=action, framework_action=other, actor=planner_a_user)
    already = action.framework_actions.first()
    with pytest.raises(DomainError, match="already addresses"):
        services.action_link_framework_action(action=action, framework_action=already, actor=planner_a_user)
    services.exemption_set(plan=gap_plan, framework_action=gap, reason="Not ours", actor=planner_a_user)
    drive(gap_plan, ActionPlan.Status.AWAITING_SIGNOFF)
    with pytest.raises(DomainError, match="cannot be changed"):
        services.action_link_framework_action(action=action, framework_action=gap, actor=planner_a_user)
    assert not action.framework_actions.filter(pk=gap.pk).exists()


def test_send_blockers_are_the_services_refusals(gap_plan, gap, planner_a_user, coordinator_user):
    LocalAction.objects.filter(plan=gap_plan, reference="L-002").update(needs_review=True)
    ReviewComment.objects.create(plan=gap_plan, author=coordinator_user, body="Why?")
    blockers = selectors.plan_send_blockers(plan=gap_plan)
    assert len(blockers) == 3
    assert "not covered: 1.1.1" in blockers[0] and "L-002" in blockers[1] and "1 unanswered" in blockers[2]
    with pytest.raises(DomainError) as refused:
        services.plan_send_for_signoff(plan=gap_plan, actor=planner_a_user)
    assert refused.value.message == blockers[0]


# The plan page and the check page ------------------------------------------------------------------


def test_send_is_secondary_and_the_page_says_why_while_blocked(gap_plan, gap, planner_a):
    body = planner_a.get(_url("plan-detail", gap_plan)).content.decode()
    assert _buttons(body) == [("Add an action", True), ("Send for sign-off", False)]
    assert 'id="blockers"' in body and "framework actions are not covered: 1.1.1" in body
    check = planner_a.get(_url("plan-send-for-signoff", gap_plan)).content.decode()
    assert "framework actions are not covered: 1.1.1" in check
    assert _submit_class(check, "Send for sign-off") == "govuk-button govuk-button--secondary"


def test_send_is_primary_when_it_can_succeed(covered_plan_a, planner_a):
    body = planner_a.get(_url("plan-detail", covered_plan_a)).content.decode()
    assert _buttons(body) == [("Send for sign-off", True), ("Add an action", False)]
    assert 'id="blockers"' not in body
    check = planner_a.get(_url("plan-send-for-signoff", covered_plan_a)).content.decode()
    assert "cannot be sent on yet" not in check and _submit_class(check, "Send for sign-off") == "govuk-button"


def test_unanswered_comments_block_without_making_add_primary(covered_plan_a, planner_a, coordinator_user):
    ReviewComment.objects.create(plan=covered_plan_a, author=coordinator_user, body="Explain L-001")
    body = planner_a.get(_url("plan-detail", covered_plan_a)).content.decode()
    assert _buttons(body) == [("Add an action", False), ("Send for sign-off", False)]
    assert "Answer every review comment before sending the plan on (1 unanswered)." in body


def test_a_viewer_sees_no_send_button_nor_blockers(gap_plan, viewer_a):
    body = viewer_a.get(_url("plan-detail", gap_plan)).content.decode()
    assert _buttons(body) == [] and 'id="blockers"' not in body


def test_each_gap_offers_add_link_and_not_applicable(gap_plan, gap, planner_a):
    body = planner_a.get(_url("plan-detail", gap_plan)).content.decode()
    gaps = body[body.index('id="gaps"'):]
    assert f"{_url('action-create', gap_plan)}?framework_action={gap.pk}" in gaps
    assert _url("framework-action-link", gap_plan, gap.pk) in gaps
    assert _url("exemption-set", gap_plan, gap.pk) in gaps


def test_a_plan_without_actions_offers_no_link(plan_a, planner_a):
    body = planner_a.get(_url("plan-detail", plan_a)).content.decode()
    assert "link an existing action" not in body and "mark not applicable" in body


def test_actions_addressing_no_framework_action_are_flagged(covered_plan_a, planner_a):
    loose = LocalActionFactory(plan=covered_plan_a, reference="Z-01", title="Buy new radios",
                               pillar=covered_plan_a.actions.first().pillar)
    body = planner_a.get(_url("plan-detail", covered_plan_a)).content.decode()
    flagged = body[body.index('id="unlinked-actions"'):]
    flagged = flagged[:flagged.index("</div>")]
    assert "Actions that address no framework action (1)" in flagged
    assert "Z-01" in flagged and _url("action-edit", covered_plan_a, loose.pk) in flagged
    assert "L-001" not in flagged


# The link page -------------------------------------------------------------------------------------


def test_link_page_links_the_chosen_action(gap_plan, gap, planner_a):
    action = gap_plan.actions.order_by("reference").last()
    page = planner_a.get(_url("framework-action-link", gap_plan, gap.pk))
    assert page.status_code == 200 and action.reference in page.content.decode()
    response = planner_a.post(_url("framework-action-link", gap_plan, gap.pk), {"action": action.pk})
    assert response.status_code == 302
    assert action.framework_actions.filter(pk=gap.pk).exists()
    body = planner_a.get(response["Location"]).content.decode()
    assert f"{action.reference} now also addresses 1.1.1" in body and 'id="gaps"' not in body


def test_link_page_errors_link_to_the_field(gap_plan, gap, planner_a, plan_b):
    body = planner_a.post(_url("framework-action-link", gap_plan, gap.pk), {}).content.decode()
    assert 'href="#id_action"' in body and "Choose the action that also addresses this framework action" in body
    theirs = LocalActionFactory(plan=plan_b)
    body = planner_a.post(_url("framework-action-link", gap_plan, gap.pk), {"action": theirs.pk}).content.decode()
    assert "Choose an action of this plan" in body
    assert not theirs.framework_actions.exists()


def test_link_page_refuses_on_a_plan_awaiting_sign_off_on_the_page(gap_plan, gap, planner_a, planner_a_user):
    services.exemption_set(plan=gap_plan, framework_action=gap, reason="Not ours", actor=planner_a_user)
    services.plan_send_for_signoff(plan=gap_plan, actor=planner_a_user)
    action = gap_plan.actions.first()
    body = planner_a.post(_url("framework-action-link", gap_plan, gap.pk), {"action": action.pk}).content.decode()
    assert "cannot be changed" in body and 'href="#id_action"' in body


@pytest.mark.parametrize("persona,status", [("viewer_a", 403), ("planner_b", 404), ("coordinator", 403),
                                            ("analyst", 403)])
def test_link_page_is_for_the_forces_planners_only(gap_plan, gap, persona, status, request):
    client = request.getfixturevalue(persona)
    action = gap_plan.actions.first()
    assert client.get(_url("framework-action-link", gap_plan, gap.pk)).status_code == status
    assert client.post(_url("framework-action-link", gap_plan, gap.pk), {"action": action.pk}).status_code == status
    assert not action.framework_actions.filter(pk=gap.pk).exists()


def test_link_page_404s_for_another_frameworks_action(gap_plan, planner_a):
    other = build_framework(pillars=1).actions.first()
    assert planner_a.get(_url("framework-action-link", gap_plan, other.pk)).status_code == 404
