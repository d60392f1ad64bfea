"""
Views that belong to no domain: the health checks, the favicon and the accessibility statement.

- `/healthz` is for the load balancer: 200 while this web process can serve (its database answers),
  503 otherwise. It probes nothing else, so a broker or worker outage never takes the web tier out
  of rotation, and it is cheap enough to be called under a burst.
- `/healthz/ready` is for monitoring: the database, the broker (0.5 s timeout), and whatever the
  apps report through `<app>/health.py` `checks()` (notifications: workers seen by their heartbeat,
  the email outbox's backlog). 503 when any is down. Every probe has a short timeout, so it answers
  within a second whatever is down.
"""

import datetime
import logging

from celery import current_app
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularRedocView

from common.text import duration_in_words

from .discovery import app_modules

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 0.5
# Each database probe gives up after this long (PostgreSQL statement_timeout, in ms).
DATABASE_TIMEOUT_MS = 500


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is unusable
        return "down"


def _broker_state() -> str:
    """"ok", "down", or "eager" when there is no broker (development: tasks run in-process)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    options = {"max_retries": 0, "socket_connect_timeout": BROKER_TIMEOUT, "socket_timeout": BROKER_TIMEOUT}
    try:
        with current_app.connection_for_write(connect_timeout=BROKER_TIMEOUT, transport_options=options) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
            # Redis connects lazily: ask it something so a dead server is seen now.
            client = getattr(conn.default_channel, "client", None)
            if client is not None:
                client.ping()
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means the broker is unreachable
        return "down"


def _app_checks() -> dict[str, dict]:
    """The apps' own checks, each under a short statement timeout; a check that errors is down."""
    results: dict[str, dict] = {}
    for config, module in app_modules("health", "checks"):
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(f"SET LOCAL statement_timeout = {DATABASE_TIMEOUT_MS:d}")
                results.update(module.checks())
        except Exception:  # noqa: BLE001 - report it as down rather than fail the check
            logger.warning("Health checks of %s failed", config.name, exc_info=True)
            results[config.label] = {"ok": False, "error": "check failed"}
    return results


@never_cache
@require_GET
def healthz(request):
    """Liveness for the load balancer: 503 only when the database is down."""
    database = _database_state()
    status = 503 if database == "down" else 200
    return JsonResponse({"status": "ok" if status == 200 else "down", "database": database}, status=status)


@never_cache
@require_GET
def healthz_ready(request):
    """Readiness for monitoring: every dependency, 503 when any is down."""
    database, broker = _database_state(), _broker_state()
    body: dict = {"database": database, "broker": broker}
    healthy = database == "ok" and broker in ("ok", "eager")
    if database == "ok":
        for name, check in _app_checks().items():
            body[name] = check
            healthy = healthy and check["ok"]
    body = {"status": "ok" if healthy else "down", **body}
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the hashed static file."""
    return HttpResponsePermanentRedirect(static("images/favicon.ico"))


# The accessibility statement's dates. Move REVIEWED_ON on (and the digest in
# tests/common/test_accessibility_statement.py) whenever the tests it names change.
STATEMENT_PREPARED_ON = datetime.date(2026, 11, 30)
STATEMENT_REVIEWED_ON = datetime.date(2026, 11, 30)


@require_GET
def accessibility_statement(request):
    """The accessibility statement, in the GOV.UK model form, with the public contact address."""
    return render(request, "pages/accessibility.html", {
        "page_title": "Accessibility statement",
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "idle": duration_in_words(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)),
        "prepared_on": STATEMENT_PREPARED_ON,
        "reviewed_on": STATEMENT_REVIEWED_ON,
    })


# The API documentation: Redoc from our own static files (drf-spectacular-sidecar). Redoc writes
# its styles into <style> elements and parses the schema in a blob: worker, so this page alone
# allows inline styles and blob: workers; scripts stay 'self' only.
api_docs = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"], "img-src": ["data:"]})(
    SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
)
