"""Writes for accounts and forces."""

import datetime
import hashlib
import hmac
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.errors import DomainError
from common.reference import ReferenceDataError

from .models import ApiToken, Force, IdempotencyKey, Role, User

REQUIRED_FORCE_KEYS = ("code", "name", "kind", "nation")


@transaction.atomic
def force_upsert_many(*, rows: list[dict]) -> tuple[int, int]:
    """
    Create or update forces by code from reference rows.

    Returns (created, updated). Raises ReferenceDataError naming the row and key when a row is
    incomplete; nothing is written in that case.
    """
    if not isinstance(rows, list):
        raise ReferenceDataError("forces: expected a list of forces")
    for index, row in enumerate(rows):
        for key in REQUIRED_FORCE_KEYS:
            if not row.get(key):
                raise ReferenceDataError(f"forces[{index}].{key}: missing")
        if row["kind"] not in Force.Kind.values:
            raise ReferenceDataError(f"forces[{index}].kind: must be one of {Force.Kind.values}")
    created = updated = 0
    for row in rows:
        _, was_created = Force.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "police_uk_id": row.get("police_uk_id") or "",
                "kind": row["kind"],
                "nation": row["nation"],
                "region": row.get("region") or "",
                "police_area": row.get("police_area") or "",
            },
        )
        created += was_created
        updated += not was_created
    return created, updated


def user_create(
    *,
    email: str,
    full_name: str,
    role: str,
    force: Force | None = None,
    password: str | None = None,
) -> User:
    """Create a user with a role; force roles need a force and national roles must not have one."""
    user = User(email=email.lower(), full_name=full_name, role=role, force=force)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def user_ensure(*, email: str, full_name: str, role: str, force: Force | None, password: str) -> User:
    """Create the user if missing, otherwise reset role, force and password (demo seeding)."""
    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        return user_create(email=email, full_name=full_name, role=role, force=force, password=password)
    user.full_name, user.role, user.force = full_name, role, force
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


__all__ = ["Role", "force_upsert_many", "user_create", "user_ensure"]


EMAIL_PREFERENCES = ("email_workflow", "email_reminders")


def user_email_preferences_set(*, user: User, workflow: bool, reminders: bool) -> User:
    """Save which emails the user wants: workflow events, reminders. In-app notifications are unaffected."""
    user.email_workflow, user.email_reminders = workflow, reminders
    user.save(update_fields=list(EMAIL_PREFERENCES))
    return user


# --- Personal API tokens (issue 13) ----------------------------------------------------------------

TOKEN_PREFIX = "vawg"
TOKEN_LIFETIMES_DAYS = (30, 90, 180, 365)
MAX_LIVE_TOKENS = 10
# last_used_at is written at most this often per token, so a busy client does not write on every call.
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """Make a token for `user`; return it and the whole token text, which is never shown again."""
    name = name.strip()
    if not name:
        raise DomainError("Enter a name for the token")
    if days not in TOKEN_LIFETIMES_DAYS:
        raise DomainError("Choose how long the token lasts")
    live = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True,
                                                        expires_at__gt=timezone.now())
    if live.count() >= MAX_LIVE_TOKENS:
        raise DomainError(f"You have {MAX_LIVE_TOKENS} tokens in use: revoke one you no longer need first")
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name[:100], prefix=prefix, secret_hash=_token_hash(raw),
                     expires_at=timezone.now() + datetime.timedelta(days=days))
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; another user's token is not found (DoesNotExist)."""
    token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


class TokenRefused(Exception):
    """The token is unknown, revoked or expired, or its owner can no longer sign in."""


def api_token_authenticate(*, raw: str) -> tuple[User, ApiToken]:
    """
    The owner of a token, and the token. Not a sign-in: django-axes never sees it, so a locked-out
    password does not stop a force's system, and a wrong token never locks anyone out (a token
    is 256 random bits; the API's throttles bound guessing).
    """
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise TokenRefused("This is not an API token of this service.")
    token = ApiToken.objects.select_related("user", "user__force").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _token_hash(raw)):
        raise TokenRefused("The token is not valid.")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused("The token has been revoked.")
    if token.expires_at <= now:
        raise TokenRefused("The token has expired. Make a new one on your account page.")
    if not token.user.is_active:
        raise TokenRefused("The token's owner can no longer sign in.")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token


# --- Idempotency keys (issue 13) -------------------------------------------------------------------

IDEMPOTENCY_TTL = datetime.timedelta(hours=24)


def idempotency_request_hash(*, method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def idempotency_get(*, user: User, key: str) -> IdempotencyKey | None:
    """The stored first answer for this user's key, if it is younger than a day."""
    return IdempotencyKey.objects.filter(user=user, key=key,
                                         created_at__gt=timezone.now() - IDEMPOTENCY_TTL).first()


def idempotency_keys_expire(*, now=None) -> int:
    """Forget the answers kept for Idempotency-Keys older than a day; how many were forgotten."""
    now = now or timezone.now()
    deleted, _ = IdempotencyKey.objects.filter(created_at__lte=now - IDEMPOTENCY_TTL).delete()
    return deleted


def idempotency_store(*, user: User, key: str, request_hash: str, status_code: int, body, headers: dict) -> bool:
    """Keep the first answer; False if another request with the key got there first."""
    IdempotencyKey.objects.filter(user=user, key=key, created_at__lte=timezone.now() - IDEMPOTENCY_TTL).delete()
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(user=user, key=key, request_hash=request_hash, status_code=status_code,
                                          response_body=body, response_headers=headers)
    except IntegrityError:
        return False
    return True
