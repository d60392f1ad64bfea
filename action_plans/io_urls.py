"""Routes for the "Needs your attention" list, included at /attention/."""

from django.urls import path

from . import io_views

app_name = "attention"

urlpatterns = [
    path("", io_views.attention_list_view, name="list"),
    path("<int:pk>/", io_views.notification_open_view, name="open"),
    path("read-all/", io_views.notifications_read_all_view, name="read-all"),
]
