"""Template context shared by every page: the navigation for the signed-in user's role."""

from django.urls import reverse


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items.append(("Home", reverse("home")))
        if user.has_perm("frameworks.view_framework"):
            items.append(("Frameworks", reverse("frameworks:list")))
    # The toolkit is public guidance: everyone, signed in or not, sees its link.
    items.append(("Toolkit", reverse("toolkit:home")))
    if user is not None and user.is_authenticated:
        items.append(("Your account", reverse("accounts:account")))
    path = request.path
    return {
        "nav_items": [
            {"text": text, "href": href, "active": path == href or (href != "/" and path.startswith(href))}
            for text, href in items
        ]
    }
