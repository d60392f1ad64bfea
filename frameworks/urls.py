from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list_view, name="list"),
    path("<slug:slug>/", views.framework_detail, name="detail"),
    path("<slug:slug>/v/<str:version>/", views.framework_detail, name="detail_version"),
]
