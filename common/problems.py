"""Problem details (RFC 9457), the body of every API error; see common.api."""

from http import HTTPStatus

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Problem types beyond the plain HTTP status ("about:blank"): a client may branch on these. URNs, so
# that they name a kind of problem without promising a page at an address.
TYPE_BASE = "urn:vawg-portal:problem:"
VALIDATION = TYPE_BASE + "validation"
STATE_CONFLICT = TYPE_BASE + "state-conflict"
PRECONDITION_REQUIRED = TYPE_BASE + "precondition-required"
PRECONDITION_FAILED = TYPE_BASE + "precondition-failed"
IDEMPOTENCY_MISMATCH = TYPE_BASE + "idempotency-key-reused"


def problem_body(status_code: int, *, detail: str = "", type_: str = "about:blank", title: str = "",
                 instance: str = "", errors: list | None = None) -> dict:
    body = {
        "type": type_,
        "title": title or HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail or HTTPStatus(status_code).description,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(status_code: int, *, instance: str, **kwargs) -> JsonResponse:
    return JsonResponse(problem_body(status_code, instance=instance, **kwargs), status=status_code,
                        content_type=PROBLEM_CONTENT_TYPE)


