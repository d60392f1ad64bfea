"""
Stored cross-site scripting (issue 7, finding 1): user text is escaped on every page that shows it.

Every text field a force or the national team writes (round title, plan details, sign-off, actions,
exemption reasons, progress updates, review comments and answers, send-back comments) holds two
payloads. Every page that shows that text is then rendered as every persona who may see it, and
the payloads must appear only escaped. The review page was the hole: its comment labels carry the
action's reference and title, and crispy-forms-gds printed labels with |safe.
"""

import datetime

import pytest
from django.urls import reverse

from action_plans import services
from action_plans.models import ActionPlan, LocalAction, ReviewComment
from frameworks.models import FrameworkAction

from .factories import LocalActionFactory, PlanningRoundFactory, build_framework

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
# The reference column holds 20 characters: a shorter payload that would still run.
SHORT = "<script>1</script>"
# What must never reach a page as markup.
RAW = [SCRIPT, "<img src=x onerror", SHORT]
# What the payloads look like once escaped: seen on a page, it proves the text was shown.
ESCAPED = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;"]


def evil(name: str) -> str:
    return f"{name} {SCRIPT}{ATTRIBUTE}"


def _give_actions(plan: ActionPlan) -> list[LocalAction]:
    """One action per expected framework action but the last, which is marked not applicable."""
    expected = list(FrameworkAction.objects.filter(
        framework_id=plan.round.framework_id, audience=FrameworkAction.Audience.FORCES,
    ).select_related("outcome").order_by("pk"))
    actions = []
    for n, fa in enumerate(expected[:-1], start=1):
        action = LocalActionFactory(
            plan=plan, reference=SHORT if n == 1 else f"R-{n}", pillar_id=fa.outcome.pillar_id, outcome=fa.outcome,
            title=evil("title"), description=evil("description"), owner_team=evil("owner"),
            lead_officer=evil("lead"), partners=evil("partners"), success_measure=evil("measure"),
        )
        action.framework_actions.add(fa)
        actions.append(action)
    return actions


def _submit(plan, *, planner, chief):
    services.plan_send_for_signoff(plan=plan, actor=planner)
    services.plan_sign_off(plan=plan, actor=chief, name=evil("name")[:150], rank=evil("rank")[:100],
                           signed_on=datetime.date.today(), statement=evil("statement"))
    return services.plan_submit(plan=plan, actor=planner)


def _return_and_answer(plan, actions, *, planner, coordinator):
    services.plan_return(plan=plan, actor=coordinator, comment=evil("overall"),
                         action_comments={a.pk: evil("action comment") for a in actions[:2]})
    for comment in ReviewComment.objects.filter(plan=plan):
        services.comment_answer(comment=comment, actor=planner, response=evil("answer"))


@pytest.fixture
def scene(force_a, force_b, planner_a_user, chief_a_user, coordinator_user):
    """
    Force A's plans in three rounds, every text field carrying the payloads:

    - round 1: approved, with progress updates, and a revision in draft (edit forms);
    - round 2: submitted for review after a send-back and a return answered by the force;
    - round 3: returned, with unanswered comments (the answer form).
    """
    framework = build_framework(pillars=2, outcomes_per_pillar=1, actions_per_outcome=2)
    rounds = []
    for n in (1, 2, 3):
        round_ = PlanningRoundFactory(framework=framework, opened_by=coordinator_user, title=evil(f"round {n}"),
                                      due_on=datetime.date.today() + datetime.timedelta(days=60))
        round_.forces.set([force_a, force_b])
        rounds.append(round_)
    people = {"planner": planner_a_user, "chief": chief_a_user}
    last_fa = FrameworkAction.objects.filter(framework=framework, audience=FrameworkAction.Audience.FORCES).last()

    plans = {}
    for key, round_ in zip(("approved", "submitted", "returned"), rounds, strict=True):
        plan = ActionPlan.objects.create(force=force_a, round=round_)
        services.plan_update_details(plan=plan, actor=planner_a_user, lead_chief_officer=evil("chief officer"),
                                     foreword=evil("foreword"))
        actions = _give_actions(plan)
        services.exemption_set(plan=plan, framework_action=last_fa, reason=evil("reason"), actor=planner_a_user)
        plans[key] = (plan, actions)

    plan, actions = plans["approved"]
    _submit(plan, **people)
    services.plan_approve(plan=plan, actor=coordinator_user, comment=evil("approval"))
    for action in actions:
        services.progress_post(action=action, actor=planner_a_user, on=datetime.date.today(),
                               narrative=evil("narrative"), rag=LocalAction.Rag.AMBER, progress=40)
    revision = services.plan_start_revision(plan=plan, actor=planner_a_user)

    plan, actions = plans["submitted"]
    services.plan_send_for_signoff(plan=plan, actor=planner_a_user)
    services.plan_send_back(plan=plan, actor=chief_a_user, comment=evil("send back"))
    _submit(plan, **people)
    _return_and_answer(plan, actions, planner=planner_a_user, coordinator=coordinator_user)
    _submit(plan, **people)

    plan, actions = plans["returned"]
    _submit(plan, **people)
    services.plan_return(plan=plan, actor=coordinator_user, comment=evil("overall"),
                         action_comments={actions[0].pk: evil("action comment")})

    return {
        "approved": plans["approved"][0], "approved_actions": plans["approved"][1], "revision": revision,
        "submitted": plans["submitted"][0], "submitted_actions": plans["submitted"][1],
        "returned": plans["returned"][0], "returned_actions": plans["returned"][1],
        "fa": last_fa,
    }


def _urls(scene) -> list[str]:
    urls = [reverse("home"), reverse("action_plans:list"), reverse("action_plans:needs-update"),
            reverse("attention:list")]
    for key in ("approved", "revision", "submitted", "returned"):
        plan = scene[key]
        urls += [reverse(f"action_plans:{name}", args=[plan.pk]) for name in (
            "plan-detail", "plan-actions", "plan-details", "plan-timeline", "plan-send-for-signoff",
            "plan-sign-off", "plan-send-back", "plan-submit", "plan-review", "plan-revise", "import")]
        urls.append(reverse("action_plans:plan-confirmation", args=[plan.pk, "returned"]))
        urls.append(reverse("action_plans:exemption-set", args=[plan.pk, scene["fa"].pk]))
        urls += [reverse("action_plans:action-create", args=[plan.pk])]
        for action in plan.actions.all()[:2]:
            urls += [reverse(f"action_plans:{name}", args=[plan.pk, action.pk]) for name in (
                "action-detail", "action-edit", "action-delete", "action-history", "progress-post")]
        for comment in ReviewComment.objects.filter(plan=plan):
            urls.append(reverse("action_plans:comment-answer", args=[plan.pk, comment.pk]))
    return urls


# Pages that must show the payload (escaped) to the persona named, so the test cannot pass by
# rendering nothing: the review page with its labels, the edit forms and the pages that list text.
MUST_SHOW = [
    ("coordinator", "submitted", "plan-review"),
    ("coordinator", "submitted", "plan-detail"),
    ("analyst", "submitted", "plan-timeline"),
    ("planner_a", "revision", "plan-details"),
    ("planner_a", "returned", "plan-detail"),
    ("chief_a", "approved", "plan-detail"),
    ("viewer_a", "approved", "plan-actions"),
]


@pytest.mark.parametrize("persona", ["planner_a", "chief_a", "viewer_a", "coordinator", "analyst"])
def test_user_text_is_escaped_on_every_page_for_every_persona(request, scene, persona):
    client = request.getfixturevalue(persona)
    shown = []
    for url in _urls(scene):
        response = client.get(url)
        assert response.status_code in {200, 302, 403, 404}, (url, response.status_code)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        for raw in RAW:
            assert raw not in html, f"{raw!r} reached {url} as markup for {persona}"
        if any(escaped in html for escaped in ESCAPED):
            shown.append(url)
    for who, key, name in MUST_SHOW:
        if who == persona:
            assert reverse(f"action_plans:{name}", args=[scene[key].pk]) in shown, (persona, key, name)
    assert len(shown) >= 10, shown


def test_review_comment_labels_and_action_titles_are_escaped(coordinator, scene):
    plan = scene["submitted"]
    html = coordinator.get(reverse("action_plans:plan-review", args=[plan.pk])).content.decode()
    assert "Comment on &lt;script&gt;1&lt;/script&gt; (optional)" in html
    assert "title &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html and SHORT not in html


def test_a_form_posted_back_with_the_payload_shows_it_escaped(planner_a, scene):
    """A form re-rendered with errors echoes what was typed: that must be escaped too."""
    plan, action = scene["revision"], scene["revision"].actions.first()
    response = planner_a.post(reverse("action_plans:action-edit", args=[plan.pk, action.pk]),
                              {"reference": "", "title": evil("typed"), "description": evil("typed")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "typed &lt;script&gt;alert(1)&lt;/script&gt;" in html
    for raw in RAW:
        assert raw not in html
