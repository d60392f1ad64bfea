"""
What every API endpoint shares: the one error shape, strict query parameters, pagination, and
conditional requests. Apps build their `api.py` on these; nothing here knows any app.

Errors are RFC 9457 problem details, `application/problem+json`:
    {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "...", "instance": "/api/v1/...",
     "errors": [{"field": "values.0.value", "detail": "..."}]}     # errors only for field problems
Every 4xx and 5xx under /api/ has that shape: DRF's exceptions through `exception_handler`, the
errors Django answers itself through the handlers below, and anything else (a DEBUG page, a
middleware's refusal) through `common.middleware.ApiProblemMiddleware`.

A rule broken in a service (DomainError) is a 409: the request was well formed, but the object's
state does not allow it (a submitted plan cannot be edited, a closed period takes no figures).
"""

import datetime
import hashlib
import json
from http import HTTPStatus

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views import defaults
from django_filters.filters import IsoDateTimeFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters, pagination, renderers, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError
from .middleware import is_api_path
from .problems import (
    IDEMPOTENCY_MISMATCH,
    PRECONDITION_FAILED,
    PRECONDITION_REQUIRED,
    PROBLEM_CONTENT_TYPE,
    STATE_CONFLICT,
    VALIDATION,
    problem_body,
    problem_response,
)

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


def flatten_errors(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error detail as [{"field": "values.0.value", "detail": "..."}]; "" is the whole request."""
    found: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            found += flatten_errors(value, f"{prefix}.{name}".strip(".") if name else prefix)
    elif isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            found += [{"field": prefix, "detail": str(item)} for item in detail]
        else:
            for index, item in enumerate(detail):
                if item:
                    found += flatten_errors(item, f"{prefix}.{index}".strip("."))
    else:
        found.append({"field": prefix, "detail": str(detail)})
    return found


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"
    problem_type = STATE_CONFLICT


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag of the version you read, so that no change is overwritten."
    default_code = "precondition_required"
    problem_type = PRECONDITION_REQUIRED


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it: read it again and reapply your change."
    default_code = "precondition_failed"
    problem_type = PRECONDITION_FAILED


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used with a different request. Use a new key for a new request."
    default_code = "idempotency_key_reused"
    problem_type = IDEMPOTENCY_MISMATCH


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, DomainError):
        exc = Conflict(exc.message)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not ours: Django answers 500, and ApiProblemMiddleware gives it the problem shape

    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        errors = flatten_errors(detail)
        whole = [e["detail"] for e in errors if not e["field"]]
        body = problem_body(
            response.status_code, type_=VALIDATION, title="Your request is not valid",
            detail=whole[0] if whole else "Some of the data sent is not valid.", instance=instance, errors=errors,
        )
    else:
        body = problem_body(response.status_code, type_=getattr(exc, "problem_type", "about:blank"),
                            detail=str(getattr(exc, "detail", exc)), instance=instance)
    headers = {k: v for k, v in response.headers.items() if k in ("Retry-After", "WWW-Authenticate", "Allow")}
    return Response(body, status=response.status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


# Errors Django answers itself (no route, an exception outside DRF): problem details under /api/,
# the usual pages elsewhere. Wired in vawg_portal/urls.py as handler400/403/404/500.

API_ERRORS = {
    400: "The request is not valid.",
    403: "You do not have permission to do this.",
    404: "There is nothing at this address.",
    500: "Something went wrong on our side. Try again later.",
}


def _api_error(request, status_code: int) -> JsonResponse:
    return problem_response(status_code, detail=API_ERRORS[status_code], instance=request.get_full_path())


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if is_api_path(request.path):
        return _api_error(request, 400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if is_api_path(request.path):
        return _api_error(request, 403)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if is_api_path(request.path):
        return _api_error(request, 404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if is_api_path(request.path):
        return _api_error(request, 500)
    return defaults.server_error(request, template_name)


# --- Query parameters, filters, pagination -------------------------------------------------------

COMMON_PARAMETERS = frozenset({"format"})


class StrictFilterBackend(DjangoFilterBackend):
    """
    django-filter, plus: a query parameter the endpoint does not know is a 400, not silently
    ignored (a misspelt `?staus=` used to return everything). The known ones are the filterset's,
    the paginator's, `ordering` where the view orders, and the view's `extra_query_params`.
    """

    def filter_queryset(self, request, queryset, view):
        known = set(COMMON_PARAMETERS) | set(getattr(view, "extra_query_params", ()))
        if getattr(view, "action", "list") in ("list", None):
            filterset_class = self.get_filterset_class(view, queryset)
            if filterset_class is not None:
                known |= set(filterset_class.base_filters)
            paginator = getattr(view, "paginator", None)
            for attr in ("page_query_param", "page_size_query_param", "cursor_query_param"):
                if paginator is not None and getattr(paginator, attr, None):
                    known.add(getattr(paginator, attr))
            if getattr(view, "ordering_fields", None):
                known.add("ordering")
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError(
                {name: [f"Unknown query parameter. Known: {', '.join(sorted(known)) or 'none'}."] for name in unknown}
            )
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(filters.OrderingFilter):
    """`?ordering=name,-code`: the fields the view lists; any other is a 400, not ignored."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            allowed = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
            wrong = [f for f in fields if f.lstrip("-") not in allowed]
            if wrong:
                raise exceptions.ValidationError(
                    {self.ordering_param: [f"Order by {', '.join(sorted(allowed))}, with - for descending."]}
                )
            return fields + [f for f in self.get_default_ordering(view) or [] if f.lstrip("-") not in fields]
        return self.get_default_ordering(view)


    def get_schema_operation_parameters(self, view):
        fields = getattr(view, "ordering_fields", None)
        if not fields:
            return []
        return [{
            "name": self.ordering_param, "required": False, "in": "query",
            "description": f"Comma-separated fields to order by ({', '.join(fields)}); - for descending.",
            "schema": {"type": "string", "pattern": "^-?({0})(,-?({0}))*$".format("|".join(fields))},
        }]


class IdFilter(NumberFilter):
    """A row id in a query parameter: a whole number from 1 to 2**31 - 1, else a 400 (never a database error)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


class UpdatedSinceFilter(IsoDateTimeFilter):
    """
    `updated_since`: rows changed at or after an ISO 8601 time, for incremental sync. The time is
    taken to UTC first: PostgreSQL refuses offsets beyond ±15:59, and a time that leaves the
    calendar once in UTC (year 9999 with a negative offset) is a 400, not a database error.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("help_text", "Only rows changed at or after this time (ISO 8601, e.g. 2026-04-01T00:00:00Z).")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, as_utc(value))


def as_utc(value):
    """An aware datetime in UTC (naive ones are taken as UTC); ValidationError if it cannot be."""
    if value is None:
        return None
    try:
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)
    except OverflowError as exc:
        raise exceptions.ValidationError({"updated_since": ["The time is out of range."]}) from exc


class ProblemSafeRenderer(renderers.BaseRenderer):
    """
    A renderer for a non-JSON success (a file, a CSV) whose errors are still problem JSON: the
    problem's Content-Type is set by the exception handler, and this writes its body as JSON.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict | list):
            return json.dumps(data).encode()
        return data


class RelatedCodes(serializers.ListField):
    """A to-many relation as the list of its rows' codes (or slugs), for plain Serializers."""

    def __init__(self, attr: str = "code", **kwargs):
        self.attr = attr
        super().__init__(child=serializers.CharField(), read_only=True, **kwargs)

    def to_representation(self, data):
        return [getattr(row, self.attr) for row in data.all()]


def refuse_unknown_parameters(request, known=()) -> None:
    """For views without a filter backend (APIView): the same 400 for an unknown query parameter."""
    allowed = set(COMMON_PARAMETERS) | set(known)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise exceptions.ValidationError(
            {name: [f"Unknown query parameter. Known: {', '.join(sorted(allowed)) or 'none'}."] for name in unknown}
        )


class _BadPageIsA400:
    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as exc:
            raise exceptions.ValidationError({self.page_param_name: [str(exc.detail)]}) from exc


class PageNumberPagination(_BadPageIsA400, pagination.PageNumberPagination):
    """Numbered pages for small lists (forces, frameworks); `page_size` up to MAX_PAGE_SIZE."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_param_name = "page"

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count"]["minimum"] = 0
        return answer

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = f"Results per page, 1 to {self.max_page_size} (default {self.page_size})."
        return parameters


class CursorPagination(_BadPageIsA400, pagination.CursorPagination):
    """
    Cursor pages for the large lists (plans, actions, updates, returns): stable while rows are
    added, and no COUNT, so a page costs the same however long the list is. Follow `next`.
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "pk"
    page_param_name = "cursor"

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = f"Results per page, 1 to {self.max_page_size} (default {self.page_size})."
        return parameters


# --- Conditional requests -------------------------------------------------------------------------

def etag_for(*parts) -> str:
    """A strong ETag for an object's version, from what changes when it changes (pk, updated_at...)."""
    digest = hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()[:32]
    return f'"{digest}"'


def require_if_match(request, current_etag: str) -> None:
    """
    Conditional write: If-Match is required (428 without it) and must name the current version
    (412 otherwise), so a client that read an old version never overwrites a newer one.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header == "*":
        return
    offered = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if current_etag not in offered:
        raise PreconditionFailed()


def check_if_match(request, current_etag: str) -> None:
    """Optional If-Match (workflow steps): checked when sent."""
    if request.headers.get("If-Match", "").strip():
        require_if_match(request, current_etag)


# --- Schema pieces --------------------------------------------------------------------------------

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details, the body of every 4xx and 5xx answer.",
    "properties": {
        "type": {"type": "string", "description": '"about:blank", or a URN naming the kind of problem.',
                 "example": "urn:vawg-portal:problem:validation"},
        "title": {"type": "string", "example": "Your request is not valid"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599, "example": 400},
        "detail": {"type": "string", "example": "Some of the data sent is not valid."},
        "instance": {"type": "string", "description": "The path and query of the request.",
                     "example": "/api/v1/plans/?staus=draft"},
        "errors": {
            "type": "array",
            "description": "Field problems (400 only).",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "description": 'Dotted path, "" for the whole request.',
                              "example": "staus"},
                    "detail": {"type": "string", "example": "Unknown query parameter."},
                },
                "required": ["field", "detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}


PROBLEM_STATUSES = {
    "400": "The request is not valid: an unknown or malformed query parameter, or field problems (`errors`).",
    "401": "No credentials, or a token that is unknown, expired or revoked.",
    "403": "Signed in, but your role may not do this.",
    "404": "Not found, or not visible to you (another force's unpublished work).",
    "406": "The Accept header asks for a format the API does not answer.",
    "429": "Too many requests: wait for the seconds in Retry-After.",
    "500": "Something went wrong on our side.",
}
UNSAFE_PROBLEM_STATUSES = {
    "409": "The object's state does not allow this (for example a plan that is not a draft).",
    "412": "If-Match names an old version: read the object again.",
    "415": "The body is not JSON.",
    "422": "The Idempotency-Key was already used with a different request.",
    "428": "If-Match is required.",
}


PROBLEM_HEADERS = {
    "401": {"WWW-Authenticate": {"description": 'The scheme to use: Bearer realm="api".', "required": True,
                                 "schema": {"type": "string"}}},
    "429": {"Retry-After": {"description": "Seconds to wait before trying again.", "required": True,
                            "schema": {"type": "integer", "minimum": 0}}},
}


def _problem_content(status_code: int) -> dict:
    example = {
        "type": VALIDATION if status_code == 400 else "about:blank",
        "title": "Your request is not valid" if status_code == 400 else HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": {
            400: "Some of the data sent is not valid.",
            401: "Authentication credentials were not provided.",
            403: "You do not have permission to perform this action.",
            404: "Not found.",
            409: "Only a draft or returned plan can be changed.",
            412: PreconditionFailed.default_detail,
            428: PreconditionRequired.default_detail,
            429: "Request was throttled. Expected available in 60 seconds.",
        }.get(status_code, HTTPStatus(status_code).description),
        "instance": "/api/v1/plans/12/",
    }
    if status_code == 400:
        example["errors"] = [{"field": "staus", "detail": "Unknown query parameter. Known: force, status."}]
    return {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}, "example": example}}


def add_problem_responses(result, generator, request, public):
    """
    drf-spectacular postprocessing hook: every operation documents the problem answers it can give
    (the statuses above, as RFC 9457 problem details) and GETs their 304, so the description
    matches what the API answers.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            statuses = dict(PROBLEM_STATUSES)
            if method != "get":
                statuses.update(UNSAFE_PROBLEM_STATUSES)
            for code, description in statuses.items():
                responses.setdefault(code, {"description": description})
            for code, answer in responses.items():
                if code[0] in "45":
                    answer["content"] = _problem_content(int(code))
                    if code in PROBLEM_HEADERS:
                        answer["headers"] = PROBLEM_HEADERS[code]
            ok = responses.get("200", {})
            if method == "get" and "application/json" in ok.get("content", {}):
                ok.setdefault("headers", {})["ETag"] = {
                    "description": "The version of what was answered: send it in If-None-Match (304 when "
                    "unchanged) or, for an object, in If-Match to change it.",
                    "required": True, "schema": {"type": "string"},
                }
            if method == "get":
                responses.setdefault("304", {"description": "Not modified: the ETag sent in If-None-Match is current."})
    return result
