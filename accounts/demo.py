"""
Demo users, one for each role, so a newcomer can sign in and look around.

The password is fixed and public (it is printed by `make run`): demo data only, never production.
"""

from django.contrib.auth.hashers import make_password

from .models import Force, Role, User
from .services import user_ensure

DEMO_PASSWORD = "demo-password-2026"

# (email, name, role, force code)
DEMO_USERS = [
    ("planner@example.com", "Priya Planner", Role.FORCE_PLANNER, "west-yorkshire"),
    ("chief@example.com", "Chris Chief", Role.CHIEF_OFFICER, "west-yorkshire"),
    ("viewer@example.com", "Vic Viewer", Role.FORCE_VIEWER, "west-yorkshire"),
    ("planner.kent@example.com", "Kim Kent", Role.FORCE_PLANNER, "kent"),
    ("coordinator@example.com", "Nadia National", Role.NATIONAL_COORDINATOR, None),
    ("analyst@example.com", "Ali Analyst", Role.NATIONAL_ANALYST, None),
]


def seed(scale: str) -> str:
    forces = {f.code: f for f in Force.objects.all()}
    for email, name, role, code in DEMO_USERS:
        user_ensure(
            email=email,
            full_name=name,
            role=role,
            force=forces[code] if code else None,
            password=DEMO_PASSWORD,
        )
    extra = _seed_force_users() if scale == "national" else 0
    return f"demo users: {len(DEMO_USERS) + extra} (password {DEMO_PASSWORD!r})"


def _seed_force_users() -> int:
    """A planner and a chief officer at every force, for national-scale benchmarks."""
    hashed = make_password(DEMO_PASSWORD)  # hash once: 92 separate hashes would take half a minute
    existing = set(User.objects.values_list("email", flat=True))
    new = []
    for force in Force.objects.all():
        for role, prefix in ((Role.FORCE_PLANNER, "planner"), (Role.CHIEF_OFFICER, "chief")):
            email = f"{prefix}.{force.code}@example.com"
            if email not in existing:
                name = f"{role.label} ({force.name})"
                new.append(User(email=email, full_name=name, role=role, force=force, password=hashed))
    User.objects.bulk_create(new)
    return Force.objects.count() * 2
