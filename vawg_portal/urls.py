from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from accounts import views as account_views
from common import views as common_views


def _page(template: str, title: str):
    return TemplateView.as_view(template_name=template, extra_context={"page_title": title})


urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("healthz/ready", common_views.healthz_ready, name="healthz-ready"),
    path("favicon.ico", common_views.favicon, name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("frameworks/", include("frameworks.urls")),
    path("toolkit/", include("toolkit.urls")),
    path("api/v1/toolkit/", include("toolkit.api")),
    path("plans/", include("action_plans.urls")),
    path("attention/", include("notifications.urls")),
    path("performance/", include("performance.urls")),
    path("compliance/", include("compliance.urls")),
    path("api/v1/performance/", include("performance.api")),
    path("reports/", include("reports.urls")),
    path("accessibility/", common_views.accessibility_statement, name="accessibility"),
    path("privacy/", _page("pages/privacy.html", "Privacy notice"), name="privacy"),
    path("cookies/", _page("pages/cookies.html", "Cookies"), name="cookies"),
    path("api/v1/", include("accounts.api")),
    path("api/v1/frameworks/", include("frameworks.api")),
    path("api/v1/plans/", include("action_plans.api")),
    path("api/v1/", include("reports.api")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", common_views.api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
]

# Under /api/ these answer problem details (RFC 9457; an unknown API address too); elsewhere
# Django's usual pages. With DEBUG on, Django shows its technical 404 and 500 pages instead (under
# /api/, common.middleware.ApiProblemMiddleware turns them into problems).
handler400 = "common.api.bad_request"
handler403 = "common.api.permission_denied"
handler404 = "common.api.page_not_found"
handler500 = "common.api.server_error"
