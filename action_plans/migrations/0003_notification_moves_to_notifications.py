"""
The Notification model moves to the `notifications` app (ARCHITECTURE.md: notifications owns
messages), keeping every row: the table is renamed by notifications' next migration, not
recreated. The link to the plan goes first (notifications knows no app above it); each row keeps
its message and the address it leads to, and plans are never deleted, so nothing dangles.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("action_plans", "0002_local_action_tools"),
    ]

    operations = [
        migrations.RemoveField(model_name="notification", name="plan"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
