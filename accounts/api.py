"""
The API's doors that belong to accounts (issue 13): idempotent creation, and the forces under
/api/v1/forces/. Authentication and throttles are in accounts.authentication (DRF imports them
from settings while it loads, so they cannot live beside viewsets).
"""

import functools
import json

from django.db import transaction
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, routers, serializers, viewsets
from rest_framework.response import Response

from common.api import IdempotencyKeyReused, PageNumberPagination

from . import services
from .models import Force
from .rules import is_signed_in_with_role

# --- Idempotent creation ----------------------------------------------------------------------------

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


def idempotent(handler):
    """
    For a POST that creates: with an Idempotency-Key header, the first answer is kept (per user,
    a day), and a retry with the same key and the same request gets it again, without doing the
    work twice. The same key with another request is a 422. The work and the key are saved in one
    transaction, so two retries racing each other still create once.
    """

    @functools.wraps(handler)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(IDEMPOTENCY_HEADER, "")
        if not key:
            return handler(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise exceptions.ValidationError({IDEMPOTENCY_HEADER: [f"Use at most {MAX_KEY_LENGTH} printable characters."]})  # noqa: E501
        request_hash = services.idempotency_request_hash(method=request.method, path=request.path,
                                                         body=json.dumps(request.data, sort_keys=True).encode())
        stored = services.idempotency_get(user=request.user, key=key)
        if stored is None:
            with transaction.atomic():
                response = handler(self, request, *args, **kwargs)
                if response.status_code < 300:
                    headers = {h: response[h] for h in ("Location", "ETag") if h in response}
                    if not services.idempotency_store(user=request.user, key=key, request_hash=request_hash,
                                                      status_code=response.status_code, body=response.data,
                                                      headers=headers):
                        transaction.set_rollback(True)
                        stored = services.idempotency_get(user=request.user, key=key)
            if stored is None:
                return response
        if stored.request_hash != request_hash:
            raise IdempotencyKeyReused()
        replay = Response(stored.response_body, status=stored.status_code, headers=stored.response_headers)
        replay["Idempotent-Replayed"] = "true"
        return replay

    return wrapper


# --- Forces --------------------------------------------------------------------------------------------

class ForceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Force
        fields = ["code", "name", "kind", "nation", "region", "police_uk_id"]


class ForceFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Force.Kind.choices)
    nation = filters.CharFilter(max_length=60)
    region = filters.CharFilter(max_length=60)

    class Meta:
        model = Force
        fields = ["kind", "nation", "region"]


class SignedInWithRole:
    """DRF permission: the `rules` predicate every reader needs (a role), as on the pages."""

    def has_permission(self, request, view):
        return bool(is_signed_in_with_role(request.user))

    def has_object_permission(self, request, view, obj):
        return True


@extend_schema_view(
    list=extend_schema(summary="List forces", description="The police forces of England and Wales and the "
                       "national special forces, by name. Every signed-in user with a role may read them."),
    retrieve=extend_schema(summary="One force", description="A force by its code."),
)
class ForceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ForceSerializer
    filterset_class = ForceFilter
    pagination_class = PageNumberPagination
    permission_classes = [SignedInWithRole]
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    ordering_fields = ["name", "code"]
    ordering = ["name"]

    def get_queryset(self):
        return Force.objects.order_by("name", "pk")


router = routers.SimpleRouter()
router.register("forces", ForceViewSet, basename="api-force")
urlpatterns = router.urls
