"""
How the API knows who is calling (issue 13): a personal token, or the browser session.

A token acts as its owner: the same role, the same force, the same `rules` predicates as the
owner's session on the pages. It is checked by `services.api_token_authenticate`, never through
Django's `authenticate()`, so django-axes (the sign-in lockout) neither counts nor blocks it.
DRF imports these classes from settings while it loads: keep this module free of views.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from . import services
from .models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer vawg_<prefix>_<secret>`. No header: not this scheme (the session may answer)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            return None
        raw = raw.strip()
        if not raw or " " in raw:
            raise exceptions.AuthenticationFailed("Send the token as: Authorization: Bearer <token>.")
        try:
            return services.api_token_authenticate(raw=raw)
        except services.TokenRefused as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from exc

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from your account page (/accounts/account/). It acts with "
            "your role and force, expires on the date you chose, and can be revoked there.",
        }


class UserOrTokenRateThrottle(throttling.UserRateThrottle):
    """Per token when the call comes with one (each system its own allowance), else per signed-in user."""

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
        return super().get_cache_key(request, view)


class SessionAuthentication(authentication.SessionAuthentication):
    """
    The browser session, with CSRF on unsafe methods, except for a method the endpoint does not
    have: that is answered 405, not "CSRF Failed" (which told a client nothing about its mistake).
    """

    def enforce_csrf(self, request):
        view = (request.parser_context or {}).get("view")
        method = request.method.lower()
        if view is not None and (method not in view.http_method_names or not hasattr(view, method)):
            return
        if view is not None and getattr(view, "action_map", None) is not None and method not in view.action_map:
            return
        super().enforce_csrf(request)


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid",
                "description": "The portal's browser session; unsafe methods also need the CSRF token."}
