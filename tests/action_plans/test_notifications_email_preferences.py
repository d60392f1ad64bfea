"""A user who opted out of a kind of email still gets the in-app notification, but no email."""

import datetime

from django.core import mail

from accounts.models import User
from action_plans.models import PlanTransition
from action_plans.notifications import plan_event, reminders_send
from notifications.models import Notification, OutboxEmail


def test_an_opted_out_workflow_email_is_not_enqueued_but_the_notification_is_written(
    plan_a, planner_a_user, chief_a_user, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=chief_a_user.pk).update(email_workflow=False)
    PlanTransition.objects.create(plan=plan_a, from_status="draft", to_status="returned", actor=planner_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        plan_event(event="returned", plan=plan_a)
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == [
        "chief.a@example.com", "planner.a@example.com"]
    assert list(OutboxEmail.objects.values_list("to", flat=True)) == ["planner.a@example.com"]
    assert [message.to for message in mail.outbox] == [["planner.a@example.com"]]


def test_opting_out_of_reminders_keeps_workflow_emails_and_the_reverse(
    plan_a, planner_a_user, chief_a_user, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=planner_a_user.pk).update(email_reminders=False)
    User.objects.filter(pk=chief_a_user.pk).update(email_workflow=False)
    today = plan_a.round.due_on - datetime.timedelta(days=5)  # inside the 7-day band
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today)
    assert sorted(Notification.objects.filter(kind="due_reminder").values_list("user__email", flat=True)) == [
        "chief.a@example.com", "planner.a@example.com"]
    assert list(OutboxEmail.objects.values_list("to", flat=True)) == ["chief.a@example.com"]
