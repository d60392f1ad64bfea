"""
The national review page as it fits a long plan: each action's facts beside its comment box, an
approval that must be confirmed, the approval comment on the approved plan, action references in
comments that link (escaped, never marked safe), and what changed since the plan was returned.
"""

import datetime

import pytest
from django.urls import reverse

from action_plans import selectors, services
from action_plans.models import ActionPlan, CoverageExemption, PlanTransition, ReviewComment
from toolkit.models import Tactic

S = ActionPlan.Status


def _url(name, plan, *args):
    return reverse(f"action_plans:{name}", args=[plan.pk, *args])


def _returned(plan, coordinator_user, **action_comments):
    return services.plan_return(plan=plan, actor=coordinator_user, comment="Tighten L-002 please",
                                action_comments=action_comments)


# The review page --------------------------------------------------------------------------------

def test_it_shows_each_actions_owner_dates_framework_links_and_rag_beside_its_comment_box(
        submitted_plan_a, coordinator):
    action = submitted_plan_a.actions.order_by("reference").first()
    action.owner_team, action.lead_officer, action.rag = "Public protection", "DCI Khan", "amber"
    action.start_on, action.target_on = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
    action.save()
    response = coordinator.get(_url("plan-review", submitted_plan_a))
    body = response.content.decode()
    block = body[body.index(f'href="/plans/{submitted_plan_a.pk}/actions/{action.pk}/"'):]
    block = block[:block.index("</textarea>")]
    for fact in ("Public protection", "DCI Khan", "1 Apr 2025 to 31 Mar 2026", "Amber",
                 action.framework_actions.get().code, f'name="action_{action.pk}"',
                 f"Comment on {action.reference} (optional)"):
        assert fact in block, fact


def test_it_groups_actions_by_pillar_with_links_to_each_pillar(submitted_plan_a, coordinator):
    body = coordinator.get(_url("plan-review", submitted_plan_a)).content.decode()
    pillars = {a.pillar for a in submitted_plan_a.actions.select_related("pillar")}
    assert len(pillars) == 3
    for pillar in pillars:
        assert f'href="#review-pillar-{pillar.pk}"' in body and f'id="review-pillar-{pillar.pk}"' in body


def test_approving_without_the_confirmation_is_refused_at_the_checkbox(submitted_plan_a, coordinator):
    response = coordinator.post(_url("plan-review", submitted_plan_a), {"comment": "Fine", "approve": "Approve plan"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Confirm that you have reviewed the plan and approve it" in body
    assert 'href="#id_confirm_approval"' in body and 'id="id_confirm_approval"' in body
    # What the reviewer typed is kept.
    assert "Fine</textarea>" in body
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.SUBMITTED


def test_returning_needs_no_confirmation(submitted_plan_a, coordinator):
    response = coordinator.post(_url("plan-review", submitted_plan_a),
                                {"comment": "More detail", "return": "Return to force"})
    assert response.status_code == 302
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.RETURNED


def test_an_action_comment_with_markup_is_kept_and_shown_escaped_after_an_error(submitted_plan_a, coordinator):
    action = submitted_plan_a.actions.order_by("reference").first()
    response = coordinator.post(_url("plan-review", submitted_plan_a),
                                {f"action_{action.pk}": "<b>bold</b>", "approve": "Approve plan"})
    body = response.content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;</textarea>" in body and "<b>bold</b>" not in body


def test_an_action_reference_with_markup_is_escaped_in_its_comment_label(submitted_plan_a, coordinator):
    submitted_plan_a.actions.filter(reference="L-001").update(reference="<i>x</i>")
    body = coordinator.get(_url("plan-review", submitted_plan_a)).content.decode()
    assert "Comment on &lt;i&gt;x&lt;/i&gt; (optional)" in body and "<i>x</i>" not in body


def test_the_approval_comment_shows_on_the_approved_plan_with_references_linked(
        submitted_plan_a, coordinator, planner_a):
    action = submitted_plan_a.actions.get(reference="L-002")
    coordinator.post(_url("plan-review", submitted_plan_a), {
        "comment": "Strong plan; L-002 is a model for others <script>", "approve": "Approve plan",
        "confirm_approval": "on"})
    submitted_plan_a.refresh_from_db()
    assert submitted_plan_a.status == S.APPROVED
    body = planner_a.get(_url("plan-detail", submitted_plan_a)).content.decode()
    approval = body[body.index('id="approval"'):]
    approval = approval[:approval.index("</div>")]
    assert "Approved by" in approval
    assert (f'Strong plan; <a class="govuk-link" href="{_url("action-detail", submitted_plan_a, action.pk)}">'
            f'L-002</a> is a model for others &lt;script&gt;') in approval


def test_a_plan_never_approved_shows_no_approval(covered_plan_a, planner_a):
    body = planner_a.get(_url("plan-detail", covered_plan_a)).content.decode()
    assert 'id="approval"' not in body


def test_review_comments_link_the_references_of_the_plans_actions(submitted_plan_a, coordinator_user, planner_a):
    _returned(submitted_plan_a, coordinator_user)
    action = submitted_plan_a.actions.get(reference="L-002")
    body = planner_a.get(_url("plan-detail", submitted_plan_a)).content.decode()
    link = f'<a class="govuk-link" href="{_url("action-detail", submitted_plan_a, action.pk)}">L-002</a>'
    assert f"Tighten {link} please" in body


# Splitting text into linked parts ----------------------------------------------------------------

LINKS = {"P2-04": "/a/1/", "P2-0": "/a/2/", "X.1": "/a/3/"}


@pytest.mark.parametrize("text, parts", [
    ("See P2-04.", [("See ", None), ("P2-04", "/a/1/"), (".", None)]),
    ("P2-0 and P2-04", [("P2-0", "/a/2/"), (" and ", None), ("P2-04", "/a/1/")]),
    ("P2-041 and XP2-04 are not ours", [("P2-041 and XP2-04 are not ours", None)]),
    ("X.1 x1", [("X.1", "/a/3/"), (" x1", None)]),
    ("<a href=x>P2-04</a>", [("<a href=x>", None), ("P2-04", "/a/1/"), ("</a>", None)]),
    ("", []),
])
def test_text_with_action_links_splits_whole_references_only(text, parts):
    assert selectors.text_with_action_links(text, LINKS) == parts


def test_text_with_no_references_in_the_plan_is_one_part():
    assert selectors.text_with_action_links("P2-04", {}) == [("P2-04", None)]


# Changes since returned --------------------------------------------------------------------------

@pytest.fixture
def resubmitted_plan_a(submitted_plan_a, coordinator_user, planner_a_user, drive):
    """Force A's plan returned, then changed (one added, one removed, one edited) and submitted again."""
    plan = _returned(submitted_plan_a, coordinator_user)
    actions = {a.reference: a for a in plan.actions.all()}
    kept = actions["L-001"]
    services.action_create(plan=plan, actor=planner_a_user, reference="L-100", title="New partnership work",
                           pillar=kept.pillar, framework_actions=list(kept.framework_actions.all()))
    edited = actions["L-002"]
    services.action_update(action=edited, expected_version=edited.lock_version, actor=planner_a_user,
                           title="Sharper title", target_on=datetime.date(2026, 3, 31), rag="red")
    removed = actions["L-003"]
    # L-003's framework action stays covered by L-003's replacement, so the plan has no gaps.
    services.action_create(plan=plan, actor=planner_a_user, reference="L-103", title="Replacement",
                           pillar=removed.pillar, framework_actions=list(removed.framework_actions.all()))
    services.action_delete(action=removed, actor=planner_a_user)
    services.plan_update_details(plan=plan, actor=planner_a_user, lead_chief_officer="CC Jones", foreword="")
    for comment in ReviewComment.objects.filter(plan=plan):
        services.comment_answer(comment=comment, actor=planner_a_user, response="Done")
    return drive(plan, S.SUBMITTED)


def test_changes_since_returned_lists_added_removed_and_changed_actions_field_by_field(resubmitted_plan_a):
    changes = selectors.plan_changes_since_returned(plan=resubmitted_plan_a)
    assert [c.reference for c in changes.added] == ["L-100", "L-103"]
    assert [c.reference for c in changes.removed] == ["L-003"]
    assert [c.reference for c in changes.changed] == ["L-002"]
    rows = {label: (old, new) for label, old, new in changes.changed[0].changes}
    assert rows["Title"][1] == "Sharper title"
    assert rows["Target on"] == ("", "31 March 2026")
    assert rows["RAG status"] == ("Not rated", "Red")
    assert ("Lead chief officer", "", "CC Jones") in changes.plan_changes


def test_changes_page_shows_the_comparison_to_the_reviewer(resubmitted_plan_a, coordinator):
    review = coordinator.get(_url("plan-review", resubmitted_plan_a)).content.decode()
    assert _url("plan-changes", resubmitted_plan_a) in review
    body = coordinator.get(_url("plan-changes", resubmitted_plan_a)).content.decode()
    added = body[body.index('id="actions-added"'):]
    assert "L-100" in added[:added.index("</ul>")]
    removed = body[body.index('id="actions-removed"'):]
    assert "L-003" in removed[:removed.index("</ul>")]
    assert "Sharper title" in body and "31 March 2026" in body and "CC Jones" in body


def test_changes_page_of_a_plan_never_returned_says_so(covered_plan_a, planner_a):
    response = planner_a.get(_url("plan-changes", covered_plan_a))
    assert response.status_code == 200
    assert "has not been returned" in response.content.decode()


def test_changes_page_is_refused_to_another_force_and_to_anonymous(resubmitted_plan_a, planner_b, anonymous):
    assert planner_b.get(_url("plan-changes", resubmitted_plan_a)).status_code == 404
    assert anonymous.get(_url("plan-changes", resubmitted_plan_a)).status_code == 302


def test_a_plan_returned_and_unchanged_shows_no_changes(submitted_plan_a, coordinator_user, coordinator):
    _returned(submitted_plan_a, coordinator_user)
    changes = selectors.plan_changes_since_returned(plan=submitted_plan_a)
    assert changes.is_empty
    assert 'id="no-changes"' in coordinator.get(_url("plan-changes", submitted_plan_a)).content.decode()


def test_changes_since_returned_runs_a_fixed_number_of_queries(resubmitted_plan_a, django_assert_num_queries):
    # The return, action history, actions, pillars, outcomes, plan history, and the links now:
    # framework actions, tools, not-applicable marks.
    with django_assert_num_queries(9):
        selectors.plan_changes_since_returned(plan=resubmitted_plan_a)


# Framework links, tools and not-applicable marks since returned ---------------------------------

@pytest.fixture
def tools(db):
    return [Tactic.objects.create(slug="dvpo-test", name="Domestic violence protection order", kind="civil_order"),
            Tactic.objects.create(slug="spo-test", name="Stalking protection order", kind="civil_order")]


@pytest.fixture
def relinked_plan_a(submitted_plan_a, coordinator_user, planner_a_user, tools):
    """
    Force A's plan returned with L-001 using the first tool and L-002's framework action marked not
    applicable; then L-001 moved from its framework action to L-003's and from the first tool to the
    second, the mark withdrawn and L-004's framework action marked instead.
    """
    plan = submitted_plan_a
    actions = {a.reference: a for a in plan.actions.prefetch_related("framework_actions")}
    fa = {ref: a.framework_actions.get() for ref, a in actions.items()}
    actions["L-001"].tools.set([tools[0]])
    CoverageExemption.objects.create(plan=plan, framework_action=fa["L-002"], reason="Old", created_by=planner_a_user)
    _returned(plan, coordinator_user)
    first = actions["L-001"]
    first.refresh_from_db()
    services.action_update(action=first, expected_version=first.lock_version, actor=planner_a_user,
                           framework_actions=[fa["L-003"]], tools=[tools[1]])
    services.exemption_clear(plan=plan, framework_action=fa["L-002"], actor=planner_a_user)
    services.exemption_set(plan=plan, framework_action=fa["L-004"], reason="No ports", actor=planner_a_user)
    plan.fa = fa
    return plan


def test_a_return_keeps_the_plans_links_and_not_applicable_marks(relinked_plan_a, tools):
    kept = selectors.plan_last_return(plan=relinked_plan_a).links_as_returned
    first = relinked_plan_a.actions.get(reference="L-001")
    fa = relinked_plan_a.fa
    assert kept["actions"][str(first.pk)] == {"framework_actions": {str(fa["L-001"].pk): fa["L-001"].code},
                                              "tools": {str(tools[0].pk): "Domestic violence protection order"}}
    assert kept["not_applicable"] == {str(fa["L-002"].pk): fa["L-002"].code}
    assert len(kept["actions"]) == relinked_plan_a.actions.count()


def test_changes_since_returned_lists_framework_actions_and_tools_added_and_removed(relinked_plan_a):
    changes = selectors.plan_changes_since_returned(plan=relinked_plan_a)
    fa = relinked_plan_a.fa
    assert changes.links_compared
    assert [c.reference for c in changes.changed] == ["L-001"]
    first = changes.changed[0]
    assert first.changes == []  # no field changed: only its links
    assert first.framework_actions_added == [fa["L-003"].code]
    assert first.framework_actions_removed == [fa["L-001"].code]
    assert first.tools_added == ["Stalking protection order"]
    assert first.tools_removed == ["Domestic violence protection order"]
    assert changes.not_applicable_added == [fa["L-004"].code]
    assert changes.not_applicable_removed == [fa["L-002"].code]
    assert not changes.is_empty


def test_changes_page_shows_links_tools_and_not_applicable_marks(relinked_plan_a, coordinator):
    body = coordinator.get(_url("plan-changes", relinked_plan_a)).content.decode()
    first = relinked_plan_a.actions.get(reference="L-001")
    fa = relinked_plan_a.fa
    block = body[body.index(f'id="link-changes-{first.pk}"'):]
    block = block[:block.index("</dl>")]
    for expected in ("Framework actions linked</dt>", fa["L-003"].code, "Framework actions unlinked</dt>",
                     fa["L-001"].code, "Tools added</dt>", "Stalking protection order", "Tools removed</dt>",
                     "Domestic violence protection order"):
        assert expected in block, expected
    marks = body[body.index('id="not-applicable-changes"'):]
    marks = marks[:marks.index("</dl>")]
    assert "Marked since" in marks and fa["L-004"].code in marks
    assert "Mark removed since" in marks and fa["L-002"].code in marks
    assert "1 not-applicable mark added, 1 removed" in body
    assert 'id="links-not-compared"' not in body


def test_links_changes_run_the_same_queries_however_many_actions_changed(
        relinked_plan_a, planner_a_user, tools, django_assert_num_queries):
    with django_assert_num_queries(9):
        selectors.plan_changes_since_returned(plan=relinked_plan_a)
    fas = list(relinked_plan_a.fa.values())
    for n, action in enumerate(relinked_plan_a.actions.exclude(reference="L-001").order_by("reference")):
        services.action_update(action=action, expected_version=action.lock_version, actor=planner_a_user,
                               framework_actions=[fas[n], fas[(n + 5) % len(fas)]], tools=tools)
    with django_assert_num_queries(9):
        changes = selectors.plan_changes_since_returned(plan=relinked_plan_a)
    assert len(changes.changed) == relinked_plan_a.actions.count()


def test_a_return_recorded_without_its_links_says_they_are_not_compared(relinked_plan_a, coordinator):
    PlanTransition.objects.filter(plan=relinked_plan_a).update(links_as_returned=None)
    changes = selectors.plan_changes_since_returned(plan=relinked_plan_a)
    assert not changes.links_compared and changes.changed == [] and changes.not_applicable_added == []
    body = coordinator.get(_url("plan-changes", relinked_plan_a)).content.decode()
    assert 'id="links-not-compared"' in body and 'id="no-changes"' in body


def test_an_earlier_comment_on_an_action_shows_beside_that_action(resubmitted_plan_a, coordinator, coordinator_user):
    action = resubmitted_plan_a.actions.get(reference="L-001")
    ReviewComment.objects.create(plan=resubmitted_plan_a, action=action, author=coordinator_user,
                                 body="Name the partner", response="Done")
    body = coordinator.get(_url("plan-review", resubmitted_plan_a)).content.decode()
    card = body[body.index(f'href="/plans/{resubmitted_plan_a.pk}/actions/{action.pk}/"'):]
    card = card[:card.index("</textarea>")]
    assert "Name the partner" in card and "<strong>Answer:</strong> Done" in card
    overall = body[body.index("Earlier overall comments and answers"):body.index("Your review")]
    assert "Tighten" in overall and "Name the partner" not in overall
