"""Reference data shipped by frameworks: the 2021 framework, then the 2024 one that maps from it."""

from pathlib import Path

from common.reference import read_yaml

from .services import framework_load_report

DATA = Path(__file__).parent / "data"
# Order matters: a framework's previous framework must be loaded before it.
FRAMEWORK_FILES = [DATA / "vawg-framework-2021.yaml", DATA / "vawg-framework-2024.yaml"]


def load() -> str:
    """Load the shipped frameworks (idempotent); return a one-line summary."""
    return "; ".join(framework_load_report(data=read_yaml(path)).summary() for path in FRAMEWORK_FILES)
