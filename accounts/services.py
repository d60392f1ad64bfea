"""Writes for accounts and forces."""

from django.db import transaction

from common.reference import ReferenceDataError

from .models import Force, Role, User

REQUIRED_FORCE_KEYS = ("code", "name", "kind", "nation")


def force_name_key(name: str) -> str:
    """A force name as searches and imports compare it: case, "&", "the " and spacing do not matter."""
    text = " ".join(name.replace("&", " and ").replace("-", " ").casefold().split())
    return text.removeprefix("the ")


def _check_names_unique(rows: list[dict]) -> None:
    """Each code, name and alias names one force only, or an import could not tell which was meant."""
    seen: dict[str, str] = {}
    for index, row in enumerate(rows):
        names = {force_name_key(n) for n in [row["code"], row["name"], *(row.get("aliases") or [])]}
        for key in sorted(names):
            if seen.setdefault(key, row["code"]) != row["code"]:
                raise ReferenceDataError(
                    f"forces[{index}].aliases: {key!r} already names the force {seen[key]!r}"
                )


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
        aliases = row.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ReferenceDataError(f"forces[{index}].aliases: expected a list of names")
    _check_names_unique(rows)
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
                "aliases": "\n".join(a.strip() for a in row.get("aliases") or []),
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


__all__ = ["Role", "force_name_key", "force_upsert_many", "user_create", "user_ensure"]


EMAIL_PREFERENCES = ("email_workflow", "email_reminders")


def user_email_preferences_set(*, user: User, workflow: bool, reminders: bool) -> User:
    """Save which emails the user wants: workflow events, reminders. In-app notifications are unaffected."""
    user.email_workflow, user.email_reminders = workflow, reminders
    user.save(update_fields=list(EMAIL_PREFERENCES))
    return user
