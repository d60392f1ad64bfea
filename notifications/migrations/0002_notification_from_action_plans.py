"""
Take over action_plans' Notification table, rows and all: the model enters this app's state on
the existing table (no database change), then the table is renamed to this app's name.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
        ("action_plans", "0003_notification_moves_to_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("kind", models.CharField(choices=[
                            ("signoff_requested", "Sign-off requested"), ("submitted", "Plan submitted"),
                            ("returned", "Plan returned"), ("approved", "Plan approved"),
                            ("due_reminder", "Plan due soon"), ("overdue", "Plan overdue"),
                            ("update_due", "Progress update due"),
                        ], max_length=30)),
                        ("message", models.CharField(max_length=300)),
                        ("url", models.CharField(blank=True, max_length=300)),
                        ("key", models.CharField(max_length=200, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                   related_name="notifications", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-created_at"], "db_table": "action_plans_notification"},
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="notification", table=None),
    ]
