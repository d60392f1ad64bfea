"""
Idle session timeout (WCAG 2.2.1): a signed-in session ends SESSION_COOKIE_AGE seconds after the
user last did something, not a fixed time after signing in.

The session records when it will lapse (ACTIVE_UNTIL). A request by the signed-in user moves that
on, and writing it saves the session, which renews the database row's expiry and the cookie's. To
spare a database write on every request, it is moved on only once RENEW_AFTER seconds have passed
since the last time, so a session may lapse up to that much early; the warning asks the server
how long is really left. Signing in sets it (a user_logged_in receiver, connected in apps.py).
The timeout warning's own requests (views marked `session_passive`) read it without moving it on,
so an open tab checking on the session does not keep it alive for ever.
"""

import time

from django.conf import settings

ACTIVE_UNTIL = "active_until"
RENEW_AFTER = 60


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


def mark_active(session, *, force: bool = False) -> None:
    """Move the session's lapse time on, unless it was moved on less than RENEW_AFTER seconds ago."""
    now = int(time.time())
    active_until = session.get(ACTIVE_UNTIL)
    if force or active_until is None or active_until - now < settings.SESSION_COOKIE_AGE - RENEW_AFTER:
        session[ACTIVE_UNTIL] = now + settings.SESSION_COOKIE_AGE


def on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: a new session starts active, without another write on the next page."""
    if request is not None and hasattr(request, "session"):
        mark_active(request.session, force=True)


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated and not getattr(view_func, "session_passive", False):
            mark_active(request.session)
        return None
