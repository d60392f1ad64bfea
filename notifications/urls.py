"""Routes for the "Needs your attention" page, included at /attention/."""

from django.urls import path

from . import views

app_name = "attention"

urlpatterns = [
    path("", views.attention_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("read-all/", views.notifications_read_all, name="read-all"),
]
