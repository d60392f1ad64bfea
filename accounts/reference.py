"""Reference data shipped by accounts: the police forces."""

from pathlib import Path

from common.reference import read_yaml

from .services import force_upsert_many

FORCES_FILE = Path(__file__).parent / "data" / "forces.yaml"


def load() -> str:
    created, updated = force_upsert_many(rows=read_yaml(FORCES_FILE))
    return f"forces: {created} created, {updated} updated"
