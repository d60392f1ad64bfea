"""Views that belong to no domain: the health check, the favicon, the accessibility statement."""

import datetime

from celery import current_app
from django.conf import settings
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.text import duration_in_words


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is unusable
        return "down"


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means the broker is unreachable
        return "down"


@never_cache
@require_GET
def healthz(request):
    """Report the state of the database and the broker; 503 when the database is down."""
    database, broker = _database_state(), _broker_state()
    status = 503 if database == "down" else 200
    return JsonResponse(
        {"status": "ok" if status == 200 else "down", "database": database, "broker": broker},
        status=status,
    )


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
