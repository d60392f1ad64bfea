from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("plans/<int:plan_pk>/pdf/", views.plan_pdf_request, name="plan-pdf"),
    path("toolkit/pdf/", views.toolkit_pdf_request, name="toolkit-pdf"),
    path("approved-plans/zip/", views.approved_plans_zip_request, name="approved-plans-zip"),
    path("national-compliance/pdf/", views.national_compliance_pdf_request, name="national-compliance-pdf"),
    path("<uuid:uuid>/", views.job_status, name="job-status"),
    path("<uuid:uuid>/download/", views.job_download, name="job-download"),
    path("<uuid:uuid>/try-again/", views.job_retry, name="job-retry"),
]
