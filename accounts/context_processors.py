"""Template context shared by every page: the navigation for the signed-in user's role.

The service navigation lists the service's sections only, so that it stays one row at 1280 px: the
service name in the header links home, and "Your account" and "Sign out" sit in the header's own
account links (templates/base.html), as on GOV.UK services with sign-in.
"""

import rules
from django.conf import settings
from django.urls import reverse


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        if user.has_perm("frameworks.view_framework"):
            items.append(("Frameworks", reverse("frameworks:list")))
        if user.has_perm("action_plans.list_plans"):
            items.append(("Action plans", reverse("action_plans:list")))
        if user.has_perm("performance.view_performance"):
            items.append(("Performance", reverse("performance:home")))
        # Asked of the rules set directly: user.has_perm would fall through to ModelBackend for
        # everyone refused and cost two permission queries on every page.
        if rules.has_perm("compliance.view_overview", user):
            items.append(("Compliance", reverse("compliance:overview")))
    # The toolkit is public guidance: everyone, signed in or not, sees its link.
    items.append(("Toolkit", reverse("toolkit:home")))
    if user is not None and user.is_authenticated and user.has_perm("action_plans.list_plans"):
        items.append(("Needs your attention", reverse("attention:list")))
    path = request.path
    return {
        "nav_items": [
            {
                "text": text,
                "href": href,
                "active": path == href or (href != "/" and path.startswith(href)),
                # The attention link shows the unread count (notifications.context_processors).
                "shows_count": text == "Needs your attention",
            }
            for text, href in items
        ]
    }


def session_timeout(request) -> dict:
    """The idle timeout and warning, for the timeout dialog's data attributes (signed-in pages only)."""
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
    }
