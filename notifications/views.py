"""
The "Needs your attention" page: to-do items that stay until the work is done, then notifications.

To-dos come from each app's `todo.py` (see notifications.attention): this app imports no app above it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .attention import todo_items
from .selectors import notification_get_for_user, notification_list_unread
from .services import notification_mark_read, notifications_mark_all_read

ATTENTION_PAGE_SIZE = 50


@login_required
@require_GET
def attention_list(request):
    unread = notification_list_unread(user=request.user)
    shown = list(unread[:ATTENTION_PAGE_SIZE])
    total = len(shown) if len(shown) < ATTENTION_PAGE_SIZE else unread.count()
    return render(request, "notifications/attention.html", {
        "page_title": "Needs your attention",
        "todos": todo_items(request.user),
        "notifications": shown,
        "total": total,
        "breadcrumbs": [("Home", reverse("home")), ("Needs your attention", None)],
    })


@login_required
@require_http_methods(["GET", "POST"])
def notification_open(request, pk: int):
    """
    Go where the notification points (a page of this site), or back to the list.

    Only a POST (the list's buttons) marks it read: a GET changes nothing, so a link preview, a
    prefetch or a crawler following the address cannot clear someone's list.
    """
    notification = notification_get_for_user(user=request.user, pk=pk)
    if notification is None:
        raise Http404
    if request.method == "POST":
        notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("attention:list")


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read")
    return redirect("attention:list")
