"""
Small middleware for headers and input every response needs (issue 7).

- RefuseNulBytesMiddleware: a NUL byte anywhere in the path or query string is a 400.
- PermissionsPolicyMiddleware: the Permissions-Policy header from settings.PERMISSIONS_POLICY.
- PrivateNoStoreMiddleware: `Cache-Control: private, no-store` on every response to a signed-in user.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_cache_control

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
                return JsonResponse({"message": NUL_MESSAGE, "extra": {}}, status=400)
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
