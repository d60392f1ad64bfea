"""Template context for every page: how many notifications need the signed-in user's attention."""

from functools import cache

from .selectors import notification_unread_count


def attention_count(request) -> dict:
    """
    `attention_count`: the user's unread notifications, for the header link to /attention/.

    A callable, so the count query runs only on pages whose template uses it, at most once each.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"attention_count": 0}
    return {"attention_count": cache(lambda: notification_unread_count(user=user))}
