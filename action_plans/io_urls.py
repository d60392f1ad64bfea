"""
Routes for spreadsheet export and import, and the "Needs your attention" list.

Included at the site root (one line in vawg_portal/urls.py), so the paths are written out here:
they sit beside action_plans.urls' /plans/ pages without overlapping them.
"""

from django.urls import path

from . import io_views

app_name = "action_plans_io"

urlpatterns = [
    path("plans/<int:plan_pk>/export.csv", io_views.plan_export_csv_view, name="export_csv"),
    path("plans/<int:plan_pk>/export.xlsx", io_views.plan_export_xlsx_view, name="export_xlsx"),
    path("plans/<int:plan_pk>/import/", io_views.plan_import_view, name="import"),
    path("plans/<int:plan_pk>/import/done/", io_views.plan_import_done_view, name="import_done"),
    path("attention/", io_views.attention_list_view, name="attention"),
    path("attention/<int:pk>/", io_views.notification_open_view, name="notification_open"),
    path("attention/read-all/", io_views.notifications_read_all_view, name="read_all"),
]
