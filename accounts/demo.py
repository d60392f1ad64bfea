"""
Demo users, one for each role, so a newcomer can sign in and look around.

The password is fixed and public (it is printed by `make run`): demo data only, never production.
"""

from .models import Force, Role
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
    return f"demo users: {len(DEMO_USERS)} (password {DEMO_PASSWORD!r})"
