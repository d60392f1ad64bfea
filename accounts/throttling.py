"""
Limits on sign-in, password-reset emails and the public search (issue 7, finding 7).

- Who is asking: `client_ip` reads the client's address from where the deployment puts it.
  With TRUSTED_PROXY_COUNT=0 (no proxy) that is REMOTE_ADDR and X-Forwarded-For is ignored,
  because anyone can send that header. Behind N proxies that each append to X-Forwarded-For, the
  client is the Nth address from the right: everything to its left came from the client and can
  be forged. DRF's NUM_PROXIES follows the same rule, so the API agrees (settings.py sets both).
- Sign-in (django-axes): an account is locked for one client address after AXES_FAILURE_LIMIT
  failures, so nobody can lock the national coordinator out from elsewhere; `AxesHandler` adds a
  much higher limit per account across all addresses (AXES_ACCOUNT_FAILURE_LIMIT), which stops
  slow guessing spread over many addresses.
- Password-reset emails: at most PASSWORD_RESET_LIMIT_PER_EMAIL per address and
  PASSWORD_RESET_LIMIT_PER_CLIENT per client address an hour. Over the limit nothing is sent but
  the page is the same "check your email", so the limit tells nobody whether an account exists.
- The toolkit search: anonymous visitors are throttled per client address (`search_throttled`).

Counters live in Django's cache. The default cache is per process: with several gunicorn workers
set CACHE_URL to Redis so that the workers share the counts (README, Configure it).
"""

import hashlib
import ipaddress
import logging
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle

log = logging.getLogger(__name__)

RESET_PERIOD_SECONDS = 60 * 60


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or with trusted proxies the address the outermost one saw."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",")]
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


# Sign-in --------------------------------------------------------------------------------------


class AxesHandler(AxesDatabaseHandler):
    """
    axes' database handler plus a limit per account across every client address.

    axes has one failure limit, applied here per account and address together; this adds the
    second, higher one. Failures are the AccessAttempt rows axes keeps for the account within the
    cool-off time, whatever their address.
    """

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.account_locked(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # axes shows its lockout page only when its own count reaches the limit; show it for the
        # per-account limit too, rather than "Enter a correct email address and password".
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and self.account_locked(
            request, credentials
        ):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def account_locked(self, request, credentials: dict | None = None) -> bool:
        username = get_client_username(request, credentials)
        if not username:
            return False
        attempts = AccessAttempt.objects.filter(username=username)
        cool_off = get_cool_off(request)
        if cool_off is not None:
            attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
        failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        if failures >= settings.AXES_ACCOUNT_FAILURE_LIMIT:
            log.warning("Sign-in locked for an account after %s failures from all addresses", failures)
            return True
        return False


# Password-reset emails ------------------------------------------------------------------------


def _limit_hit(key: str, *, limit: int, period: int) -> bool:
    """Count one event under `key` in a fixed window of `period` seconds; True once over `limit`."""
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count > limit


def password_reset_allowed(*, email: str, request) -> bool:
    """
    Count a password-reset request; False when this address or this client asked too often.

    Both counters move on every request, whether or not the address has an account, so the
    limits behave the same for every address and reveal nothing.
    """
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    by_email = _limit_hit(f"password-reset:email:{digest}", limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
                          period=RESET_PERIOD_SECONDS)
    by_client = _limit_hit(f"password-reset:client:{client_ip(request)}",
                           limit=settings.PASSWORD_RESET_LIMIT_PER_CLIENT, period=RESET_PERIOD_SECONDS)
    if by_email or by_client:
        log.warning("Password-reset email not sent: limit reached (%s)", "address" if by_email else "client")
        return False
    return True


# The public search ----------------------------------------------------------------------------


class SearchThrottle(AnonRateThrottle):
    """Anonymous searches per client address; the rate is REST_FRAMEWORK's "toolkit_search"."""

    scope = "toolkit_search"


def search_throttled(request) -> timedelta | None:
    """None if this search may run; otherwise how long to wait. Signed-in users are not throttled."""
    throttle = SearchThrottle()
    if throttle.allow_request(request, None):
        return None
    return timedelta(seconds=round(throttle.wait() or throttle.duration))


def too_many_requests(request, *, wait: timedelta):
    """The GOV.UK "too many requests" page, answered with 429 and Retry-After."""
    seconds = max(1, int(wait.total_seconds()))
    context = {"page_title": "Too many requests", "wait": wait, "retry_url": request.get_full_path()}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
