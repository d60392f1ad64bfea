from django.urls import path

from . import io_views, views

app_name = "action_plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("rounds/new/", views.round_open, name="round-open"),
    path("needs-update/", views.needs_update, name="needs-update"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/actions/", views.plan_actions, name="plan-actions"),
    path("<int:pk>/details/", views.plan_details_edit, name="plan-details"),
    path("<int:pk>/timeline/", views.plan_timeline, name="plan-timeline"),
    path("<int:pk>/send-for-sign-off/", views.plan_send_for_signoff, name="plan-send-for-signoff"),
    path("<int:pk>/sign-off/", views.plan_sign_off, name="plan-sign-off"),
    path("<int:pk>/send-back/", views.plan_send_back, name="plan-send-back"),
    path("<int:pk>/submit/", views.plan_submit, name="plan-submit"),
    path("<int:pk>/review/", views.plan_review, name="plan-review"),
    path("<int:pk>/changes-since-returned/", views.plan_changes, name="plan-changes"),
    path("<int:pk>/revise/", views.plan_start_revision, name="plan-revise"),
    path("<int:pk>/start-from-previous/", views.plan_start_from_previous, name="plan-start-from-previous"),
    path("<int:pk>/done/<slug:event>/", views.plan_confirmation, name="plan-confirmation"),
    path("<int:pk>/comments/<int:comment_pk>/answer/", views.comment_answer, name="comment-answer"),
    path("<int:pk>/framework-actions/<int:fa_pk>/not-applicable/", views.exemption_set, name="exemption-set"),
    path("<int:pk>/framework-actions/<int:fa_pk>/expected/", views.exemption_clear, name="exemption-clear"),
    path("<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_detail, name="action-detail"),
    path("<int:pk>/actions/<int:action_pk>/edit/", views.action_edit, name="action-edit"),
    path("<int:pk>/actions/<int:action_pk>/delete/", views.action_delete, name="action-delete"),
    path("<int:pk>/actions/<int:action_pk>/history/", views.action_history, name="action-history"),
    path("<int:pk>/actions/<int:action_pk>/progress/", views.progress_post, name="progress-post"),
    # Spreadsheets: export a plan's actions, and import them back all-or-nothing.
    path("<int:plan_pk>/export.csv", io_views.plan_export_csv_view, name="export-csv"),
    path("<int:plan_pk>/export.xlsx", io_views.plan_export_xlsx_view, name="export-xlsx"),
    path("<int:plan_pk>/import/", io_views.plan_import_view, name="import"),
    path("<int:plan_pk>/import/done/", io_views.plan_import_done_view, name="import-done"),
]
