from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.csv", views.overview_export_csv, name="export-csv"),
    path("export.xlsx", views.overview_export_xlsx, name="export-xlsx"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("timeline/", views.timeline, name="timeline"),
    path("forces/<slug:code>/", views.force_detail, name="force"),
    path("good-practice/", views.good_practice, name="good-practice"),
]
