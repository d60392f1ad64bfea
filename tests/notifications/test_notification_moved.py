"""Notifications moved from action_plans to this app with every row kept (issue 11)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("action_plans", "0002_local_action_tools"), ("notifications", "0001_initial")]
AFTER = [("action_plans", "0003_notification_moves_to_notifications"),
         ("notifications", "0002_notification_from_action_plans")]


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_notification_and_new_ones_get_fresh_ids():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # Every app as the database stands now (accounts may be ahead of BEFORE).
    old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
    Force = old.get_model("accounts", "Force")
    User = old.get_model("accounts", "User")
    OldNotification = old.get_model("action_plans", "Notification")
    force = Force.objects.create(name="Force A", code="force-a", kind="territorial", nation="England")
    user = User.objects.create(email="chief.a@example.com", full_name="Casey Chief", role="chief_officer",
                               force=force)
    kept = OldNotification.objects.create(user=user, kind="approved", message="Your plan has been approved",
                                          url="/plans/7/", key="approved:7:4:1")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
    Notification = new.get_model("notifications", "Notification")
    moved = Notification.objects.get()
    assert (moved.pk, moved.user_id, moved.kind, moved.message, moved.url, moved.key, moved.read_at) == (
        kept.pk, user.pk, "approved", "Your plan has been approved", "/plans/7/", "approved:7:4:1", None)
    assert Notification._meta.db_table == "notifications_notification"
    fresh = Notification.objects.create(user_id=user.pk, kind="submitted", message="m", key="another")
    assert fresh.pk > kept.pk

    # Leave the database as the other tests expect it.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
