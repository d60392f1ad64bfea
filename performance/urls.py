from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.home, name="home"),
    path("returns/<slug:force_code>/<slug:period_slug>/", views.return_form, name="return"),
    path("returns/<slug:force_code>/<slug:period_slug>/review/", views.return_review, name="return-review"),
    path("returns/<slug:force_code>/<slug:period_slug>/history/", views.return_history, name="return-history"),
    path("forces/<slug:force_code>/", views.force_detail, name="force"),
    path("measures/<str:measure_code>/", views.measure_detail, name="measure"),
    path("completeness/", views.completeness, name="completeness"),
    path("periods/<slug:period_slug>/exceptions/", views.period_exceptions, name="period-exceptions"),
    path("export.csv", views.export_csv, name="export"),
    path("import/", views.import_csv, name="import"),
    path("import/done/", views.import_done, name="import-done"),
    path("import/jobs/<int:pk>/", views.import_job, name="import-job"),
    path("peers/", views.peer_groups, name="peers"),
]
