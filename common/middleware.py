"""
Small middleware for headers and input every response needs (issue 7).

- RefuseNulBytesMiddleware: a NUL byte anywhere in the path or query string is a 400.
- PermissionsPolicyMiddleware: the Permissions-Policy header from settings.PERMISSIONS_POLICY.
- PrivateNoStoreMiddleware: `Cache-Control: private, no-store` on every response to a signed-in user.
- ApiProblemMiddleware: every 4xx/5xx under /api/ in the problem-details shape, never HTML (issue 13).
- ApiConditionalGetMiddleware: ETag on API reads, 304 for a matching If-None-Match (issue 13).
- ApiGZipMiddleware: gzip for API answers only (issue 13; see the class for why not pages).
"""

import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

from .problems import PROBLEM_CONTENT_TYPE, problem_response

NUL_MESSAGE = "The address contains a character that is not allowed (a NUL byte)."


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


class RefuseNulBytesMiddleware:
    """
    Answer 400 to a request whose path or query string holds a NUL byte (%00).

    No page or endpoint has a use for one, and PostgreSQL cannot store or compare one: psycopg
    raises ValueError the moment a NUL reaches a query (a slug lookup, a search), which Django
    turns into a 500. Refusing it here closes the whole class at once, whichever view would read it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in query or "%00" in query:
            if is_api_path(request.path):
                return problem_response(400, detail=NUL_MESSAGE, instance=request.path.replace("\x00", ""))
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header (features the portal never uses are switched off)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


class PrivateNoStoreMiddleware:
    """
    Mark every response to a signed-in user `Cache-Control: private, no-store`.

    Signed-in pages show unpublished plans, returns, review comments and the attention count; a
    list of the views that do would miss the next one added, so the rule is by who is asking, not
    by page. Pages for anonymous visitors (the public toolkit) stay cacheable, and static files
    never reach this middleware (whitenoise answers them first, with long-lived cache headers).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


# Headers worth keeping when an error answer is rewritten as a problem.
KEPT_HEADERS = ("Retry-After", "Allow", "WWW-Authenticate", "Vary")
# HTML is right at these API addresses: the documentation page.
HTML_API_PATHS = ("/api/v1/docs/",)


class ApiProblemMiddleware:
    """
    Under /api/, turn any error answer that is not already a problem (Django's DEBUG pages, a
    CSRF refusal, a middleware's plain-text 400) into one with the same status. The API's own
    handlers answer problems already; this is the net under them, so no HTML ever leaves /api/.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not is_api_path(request.path)
            or request.path.startswith(HTML_API_PATHS)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            return response
        detail = ""
        if response.get("Content-Type", "").startswith("application/json") and not response.streaming:
            try:
                old = json.loads(response.content)
                detail = str(old.get("detail") or old.get("message") or "") if isinstance(old, dict) else ""
            except ValueError:
                detail = ""
        problem = problem_response(response.status_code, detail=detail, instance=request.get_full_path())
        for header in KEPT_HEADERS:
            if header in response:
                problem[header] = response[header]
        return problem


class ApiConditionalGetMiddleware:
    """
    An ETag on every successful API read (a list or one object), from the body's bytes, and 304
    Not Modified when the client's If-None-Match names it: a sync that finds nothing new costs no
    transfer. A view that knows its object's version sets its own ETag, which is kept. (Django's
    ConditionalGetMiddleware skips `no-store` answers, which every signed-in answer is.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or not is_api_path(request.path)
            or response.status_code != 200
            or response.streaming
        ):
            return response
        if not response.has_header("ETag"):
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        patch_vary_headers(response, ("Authorization", "Cookie"))
        offered = request.headers.get("If-None-Match", "")
        if offered:
            tags = {t.strip().removeprefix("W/") for t in offered.split(",")}
            if "*" in tags or response["ETag"] in tags:
                not_modified = HttpResponseNotModified()
                for header in ("ETag", "Cache-Control", "Vary"):
                    if header in response:
                        not_modified[header] = response[header]
                return not_modified
        return response


class ApiGZipMiddleware(GZipMiddleware):
    """
    Gzip API answers (JSON and CSV lists compress ten to one) and nothing else. HTML pages are
    left alone on purpose: they carry the CSRF token next to text an attacker can influence
    (search terms echoed back), which is what BREACH needs to recover a secret through
    compressed sizes. API answers carry no CSRF token and no secret of the caller's.
    """

    def process_response(self, request, response):
        if not is_api_path(request.path) or request.path.startswith(HTML_API_PATHS):
            return response
        return super().process_response(request, response)
