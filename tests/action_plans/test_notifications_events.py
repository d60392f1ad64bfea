"""plan_event: who is told about each workflow step, in the app and by email, and only once per step."""

import pytest
from django.core import mail

from accounts.models import Role
from action_plans.models import PlanTransition
from action_plans.notifications import plan_event
from notifications.models import Notification
from tests.factories import UserFactory


@pytest.fixture
def cast(planner_a_user, chief_a_user, viewer_a_user, planner_b_user, coordinator_user, analyst_user, force_a):
    """Everyone who might be told, plus a second chief officer and an inactive one at Force A."""
    second_chief = UserFactory(email="chief2.a@example.com", role=Role.CHIEF_OFFICER, force=force_a)
    UserFactory(email="gone.a@example.com", role=Role.CHIEF_OFFICER, force=force_a, is_active=False)
    return {"second_chief": second_chief}


def _step(plan, actor, to_status):
    PlanTransition.objects.create(plan=plan, from_status=plan.status, to_status=to_status, actor=actor)


def _emailed(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


@pytest.mark.parametrize(
    ("event", "kind", "recipients"),
    [
        ("signoff_requested", "signoff_requested", ["chief.a@example.com", "chief2.a@example.com"]),
        ("submitted", "submitted", ["coordinator@example.com"]),
        ("returned", "returned", ["chief.a@example.com", "chief2.a@example.com", "planner.a@example.com"]),
        ("approved", "approved", ["chief.a@example.com", "chief2.a@example.com", "planner.a@example.com"]),
    ],
)
def test_each_event_tells_the_right_people_in_the_app_and_by_email(
    plan_a, cast, planner_a_user, django_capture_on_commit_callbacks, event, kind, recipients
):
    _step(plan_a, planner_a_user, "awaiting_signoff")
    with django_capture_on_commit_callbacks(execute=True):
        plan_event(event=event, plan=plan_a)

    notifications = Notification.objects.filter(url=f"/plans/{plan_a.pk}/").select_related("user")
    assert sorted(n.user.email for n in notifications) == recipients
    assert {n.kind for n in notifications} == {kind}
    assert {n.url for n in notifications} == {f"/plans/{plan_a.pk}/"}
    assert all(n.read_at is None for n in notifications)
    assert _emailed(mail.outbox) == recipients
    assert all(f"http://127.0.0.1:8000/plans/{plan_a.pk}/" in message.body for message in mail.outbox)


def test_messages_name_the_force_and_round(plan_a, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan_event(event="submitted", plan=plan_a)
    notification = Notification.objects.get()
    assert notification.message == "Force A Constabulary has submitted its plan for Year 1 plans"
    assert mail.outbox[0].subject == notification.message


def test_repeating_an_event_for_the_same_step_adds_nothing(
    plan_a, cast, planner_a_user, django_capture_on_commit_callbacks
):
    _step(plan_a, planner_a_user, "returned")
    with django_capture_on_commit_callbacks(execute=True):
        plan_event(event="returned", plan=plan_a)
        plan_event(event="returned", plan=plan_a)
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3


def test_the_same_event_at_a_later_step_notifies_again(
    plan_a, cast, planner_a_user, coordinator_user, django_capture_on_commit_callbacks
):
    _step(plan_a, coordinator_user, "returned")
    with django_capture_on_commit_callbacks(execute=True):
        plan_event(event="returned", plan=plan_a)
    _step(plan_a, planner_a_user, "submitted")
    _step(plan_a, coordinator_user, "returned")
    with django_capture_on_commit_callbacks(execute=True):
        plan_event(event="returned", plan=plan_a)
    assert Notification.objects.filter(user=planner_a_user).count() == 2
    assert len(mail.outbox) == 6


def test_no_email_is_queued_until_the_transaction_commits(plan_a, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_event(event="submitted", plan=plan_a)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_an_unknown_event_is_refused(plan_a):
    with pytest.raises(ValueError, match="Unknown plan event 'deleted'"):
        plan_event(event="deleted", plan=plan_a)
    assert Notification.objects.count() == 0


def test_a_round_title_with_a_line_break_still_notifies_with_a_one_line_subject(
    plan_a, cast, django_capture_on_commit_callbacks
):
    # Issue 7, finding 6: such a title made every later step that emails answer 500 after saving.
    plan_a.round.title = "Year 1\r\nplans\x1b"
    plan_a.round.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan_event(event="signoff_requested", plan=plan_a)
    assert Notification.objects.filter(kind="signoff_requested").count() == 2
    subject = "Force A Constabulary's plan for Year 1 plans is ready for your sign-off"
    assert {m.subject for m in mail.outbox} == {subject}


def test_an_email_that_cannot_be_queued_does_not_fail_the_step(plan_a, cast, monkeypatch, caplog):
    def broken(**kwargs):
        raise ValueError("cannot build this email")

    monkeypatch.setattr("action_plans.notifications.email_enqueue", broken)
    plan_event(event="signoff_requested", plan=plan_a)
    assert Notification.objects.filter(kind="signoff_requested").count() == 2
    assert "Could not queue the email" in caplog.text
