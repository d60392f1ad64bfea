"""
The API's one error shape: {"message": "...", "extra": {"fields": {...}}}.

Validation errors, our domain errors (DomainError) and permission failures all answer with it,
so a client reads every 4xx the same way.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


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
