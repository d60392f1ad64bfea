"""
Fixtures for the performance tests: a small measure set built in code (the shipped file is tested
in test_reference.py), periods that are open, locked and not yet open relative to today, and
helpers to write figures.

The small set: C1 crimes (count, broken down by ethnicity a/b), C2 charged (count), P1 charge rate
(percentage, C2 / C1), D1 days to charge (days) and S1 survey (annual percentage).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from performance.models import Measure, MeasureSet, ReportingPeriod, Return, ReturnValue

TODAY = timezone.localdate()


def make_period(measure_set, label: str, *, opens_in: int, due_in: int, lock_after: int = 28, march: bool = False):
    """A period whose entry opens `opens_in` days from today and is due `due_in` days from today."""
    opens_on = TODAY + datetime.timedelta(days=opens_in)
    ends_on = datetime.date(opens_on.year - 1, 3, 31) if march else opens_on - datetime.timedelta(days=1)
    return ReportingPeriod.objects.create(
        label=label,
        slug=label.lower().replace(" ", "-"),
        measure_set=measure_set,
        starts_on=ends_on - datetime.timedelta(days=181),
        ends_on=ends_on,
        opens_on=opens_on,
        due_on=TODAY + datetime.timedelta(days=due_in),
        lock_after_days=lock_after,
    )


@pytest.fixture
def measure_set(db):
    return build_measure_set()


def build_measure_set() -> MeasureSet:
    ms = MeasureSet.objects.create(
        slug="test-set",
        version="1",
        title="Test measures",
        is_reconstruction=True,
        provenance="Reconstructed from public sources; test data.",
    )
    c1 = Measure.objects.create(
        measure_set=ms,
        code="C1",
        title="Crimes recorded",
        definition="Crimes.",
        pillar_code="P2",
        pillar_title="Perpetrator pursuit",
        unit="count",
        position=1,
        breakdown_label="Victim ethnicity",
        breakdown_categories=["a", "b"],
    )
    c2 = Measure.objects.create(
        measure_set=ms,
        code="C2",
        title="Crimes charged",
        definition="Charged.",
        pillar_code="P2",
        pillar_title="Perpetrator pursuit",
        unit="count",
        position=2,
        polarity="higher",
    )
    Measure.objects.create(
        measure_set=ms,
        code="P1",
        title="Charge rate",
        definition="C2 / C1.",
        pillar_code="P2",
        pillar_title="Perpetrator pursuit",
        unit="percentage",
        position=3,
        polarity="higher",
        numerator=c2,
        denominator=c1,
    )
    Measure.objects.create(
        measure_set=ms,
        code="D1",
        title="Days to charge",
        definition="Days.",
        pillar_code="P1",
        pillar_title="Trust and confidence",
        unit="days",
        position=4,
        polarity="lower",
    )
    Measure.objects.create(
        measure_set=ms,
        code="S1",
        title="Survey",
        definition="Survey.",
        pillar_code="P1",
        pillar_title="Trust and confidence",
        unit="percentage",
        frequency="annual",
        position=5,
    )
    return ms


@pytest.fixture
def open_period(measure_set):
    return make_open_period(measure_set)


def make_open_period(measure_set):
    """Entry opened 10 days ago; due in 20 days. Ends in September, so the annual S1 is not asked for."""
    return make_period(measure_set, "2026-27 H1", opens_in=-10, due_in=20)


@pytest.fixture
def locked_period(measure_set):
    return make_locked_period(measure_set)


def make_locked_period(measure_set):
    """Due 60 days ago, locked 28 days later: closed now."""
    return make_period(measure_set, "2025-26 H2", opens_in=-100, due_in=-60)


@pytest.fixture
def future_period(measure_set):
    return make_period(measure_set, "2027-28 H1", opens_in=5, due_in=40)


def full_figures(c1=100, a=60, b=40, c2=10, d1=30) -> dict[tuple[str, str], Decimal | None]:
    """A complete, consistent set of figures for the small measure set."""
    return {
        ("C1", ""): Decimal(c1),
        ("C1", "a"): Decimal(a),
        ("C1", "b"): Decimal(b),
        ("C2", ""): Decimal(c2),
        ("P1", ""): Decimal(c2 * 100 / c1).quantize(Decimal("0.1")),
        ("D1", ""): Decimal(d1),
    }


def store(force, period, figures: dict, status=Return.Status.DRAFT, notes: dict | None = None) -> Return:
    """Write figures straight to the database (bypassing the services) for read-side tests."""
    ret, _ = Return.objects.update_or_create(force=force, period=period, defaults={"status": status})
    measures = {m.code: m for m in period.measure_set.measures.all()}
    for (code, breakdown), value in figures.items():
        ReturnValue.objects.update_or_create(
            return_obj=ret,
            measure=measures[code],
            breakdown=breakdown,
            defaults={"value": value, "note": (notes or {}).get(code, "")},
        )
    return ret
