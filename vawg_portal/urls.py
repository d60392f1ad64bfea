from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from accounts import views as account_views
from common import views as common_views


def _page(template: str, title: str):
    return TemplateView.as_view(template_name=template, extra_context={"page_title": title})


urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("frameworks/", include("frameworks.urls")),
    path("toolkit/", include("toolkit.urls")),
    path("api/v1/toolkit/", include("toolkit.api")),
    path("plans/", include("action_plans.urls")),
    path("attention/", include("action_plans.io_urls")),
    path("reports/", include("reports.urls")),
    path("accessibility/", _page("pages/accessibility.html", "Accessibility statement"), name="accessibility"),
    path("privacy/", _page("pages/privacy.html", "Privacy notice"), name="privacy"),
    path("cookies/", _page("pages/cookies.html", "Cookies"), name="cookies"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
