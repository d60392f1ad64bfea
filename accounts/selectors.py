"""Reads of accounts: a user's API tokens, and finding a force by any of its names."""

from django.db.models import Q, QuerySet

from .models import ApiToken, Force, User
from .services import force_name_key


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first: live, expired and revoked (so they can see what stopped)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


class ForceResolver:
    """
    Finds a force by its code, data.police.uk id, name or any alias ("GMP", "the Met"), ignoring
    case, "&" for "and", hyphens and a leading "the". Built with one query; imports build it once
    per file.
    """

    def __init__(self, forces=None):
        self.by_key: dict[str, Force] = {}
        for force in Force.objects.all() if forces is None else forces:
            for name in [force.code, force.police_uk_id, force.name, *force.alias_list]:
                if name:
                    self.by_key.setdefault(force_name_key(name), force)

    def get(self, text: str) -> Force | None:
        return self.by_key.get(force_name_key(text or ""))


def force_search(queryset: QuerySet[Force], text: str) -> QuerySet[Force]:
    """Forces whose code, name or an alias contains `text` (case-insensitive); a blank text filters nothing."""
    text = " ".join((text or "").split())
    if not text:
        return queryset
    condition = Q()
    for variant in {text, " ".join(text.replace("&", " and ").split())}:
        condition |= Q(name__icontains=variant) | Q(code__icontains=variant) | Q(aliases__icontains=variant)
    return queryset.filter(condition)
