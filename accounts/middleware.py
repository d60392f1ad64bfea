"""
Idle session timeout (WCAG 2.2.1): a signed-in session ends SESSION_COOKIE_AGE seconds after the
user last did something, not a fixed time after signing in.

Each request a signed-in user makes records when their session will lapse; writing it saves the
session, which renews the database row's expiry and the cookie's. The timeout warning's own
requests (views marked `session_passive`) read that time without renewing it, so an open tab
checking on the session does not keep it alive for ever.
"""

import time

from django.conf import settings

ACTIVE_UNTIL = "active_until"


def session_passive(view):
    """Mark a view whose requests do not count as activity."""
    view.session_passive = True
    return view


def session_seconds_left(request) -> int:
    """Seconds until the signed-in user's session lapses for want of activity (0 when signed out)."""
    if not request.user.is_authenticated:
        return 0
    active_until = request.session.get(ACTIVE_UNTIL, time.time() + settings.SESSION_COOKIE_AGE)
    return max(0, int(active_until - time.time()))


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated and not getattr(view_func, "session_passive", False):
            request.session[ACTIVE_UNTIL] = int(time.time()) + settings.SESSION_COOKIE_AGE
        return None
