"""Reference data shipped by performance: the measure set, and the half-year reporting periods to date."""

from pathlib import Path

from common.reference import read_yaml

from .models import MeasureSet
from .services.measures import measure_set_load
from .services.periods import periods_ensure_to_date

MEASURES_FILE = Path(__file__).parent / "data" / "measures.yaml"


def load() -> str:
    """Load the shipped measure set and make sure every half-year period to date exists (idempotent)."""
    data = read_yaml(MEASURES_FILE)
    summary = measure_set_load(data=data)
    measure_set = MeasureSet.objects.get(slug=data["slug"], version=str(data["version"]))
    created = periods_ensure_to_date(measure_set=measure_set)
    return f"{summary}; reporting periods: {created} created"
