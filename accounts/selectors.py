"""Reads for accounts."""

from django.db.models import QuerySet

from .models import ApiToken, User


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first: live, expired and revoked (so they can see what stopped)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
