from django.urls import path

from . import views

app_name = "toolkit"

urlpatterns = [
    path("", views.toolkit_home, name="home"),
    path("search/", views.toolkit_search_group, name="search"),
    path("changes/", views.change_log, name="changes"),
    path("review/", views.review_list, name="review"),
    path("behaviours/<slug:slug>/", views.behaviour_detail, name="behaviour"),
    path("offences/<slug:slug>/", views.offence_detail, name="offence"),
    path("tools/<slug:slug>/", views.tool_detail, name="tool"),
    path("curate/<str:kind>/<slug:slug>/", views.entry_edit, name="entry-edit"),
    path("curate/<str:kind>/<slug:slug>/reviewed/", views.entry_mark_reviewed, name="entry-mark-reviewed"),
]
