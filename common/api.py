"""
The API's one error shape: {"message": "...", "extra": {"fields": {...}}}.

Validation errors, our domain errors (DomainError) and permission failures all answer with it,
so a client reads every 4xx the same way.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views import defaults
from drf_spectacular.views import SpectacularRedocView
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError
from .middleware import is_api_path


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, DomainError):
        exc = exceptions.ValidationError({"non_field_errors": [exc.message]})
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        messages = detail.get("non_field_errors") or []
        body = {
            "message": str(messages[0]) if messages else "Some of the data sent is not valid.",
            "extra": {"fields": detail},
        }
    else:
        body = {"message": str(getattr(exc, "detail", exc)), "extra": {}}
    return Response(body, status=response.status_code, headers=response.headers)


# Errors Django answers itself (no route, an exception outside DRF): JSON under /api/, the usual
# pages elsewhere. Wired in vawg_portal/urls.py as handler400/403/404/500.

API_ERRORS = {
    400: "The request is not valid.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    500: "Something went wrong on our side. Try again later.",
}


def _api_error(status: int) -> JsonResponse:
    return JsonResponse({"message": API_ERRORS[status], "extra": {}}, status=status)


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if is_api_path(request.path):
        return _api_error(400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if is_api_path(request.path):
        return _api_error(403)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if is_api_path(request.path):
        return _api_error(404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if is_api_path(request.path):
        return _api_error(500)
    return defaults.server_error(request, template_name)


# The API documentation: Redoc from our own static files (drf-spectacular-sidecar). Redoc writes
# its styles into <style> elements and parses the schema in a blob: worker, so this page alone
# allows inline styles and blob: workers; scripts stay 'self' only.
api_docs = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"], "img-src": ["data:"]})(
    SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
)
