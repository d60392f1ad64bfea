from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list_view, name="list"),
    # Before the slug routes: "compare" is a reserved slug (see services.RESERVED_SLUGS).
    path("compare/", views.framework_compare, name="compare"),
    path("<slug:slug>/", views.framework_detail, name="detail"),
    path("<slug:slug>/v/<str:version>/", views.framework_detail, name="detail_version"),
]
