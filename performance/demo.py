"""
Demo figures: every force's returns with a history of periods, so that trends, peer averages,
funnel plots and outlier flags have something to show.

Small scale (make run) seeds the last four open periods; national scale (benchmarks) eight. The
figures are invented but shaped like the national volumes in vawg-domain.md section 4 (about
17 VAWG crimes per 1,000 women and girls in a half-year, a charge rate of 5 to 9%), and every
percentage agrees with its numerator and denominator. Older periods are approved; the latest
has a mix of drafts, submitted returns and forces not yet started. Idempotent: a database that
already has figures is left alone.
"""

import datetime
import random
import zlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Force, Role, User

from .models import ReportingPeriod, Return, ReturnValue
from .services.returns import Change, values_write
from .validation import measure_applies

PERIODS = {"small": 4, "national": 8}
ETHNICITY = {"asian": 0.08, "black": 0.04, "mixed": 0.02, "white": 0.74, "other": 0.01, "not_stated": 0.11}
ROUTES = {"right_to_ask": 0.55, "right_to_know": 0.45}


def _split(total: int, shares: dict[str, float], rng: random.Random) -> dict[str, int]:
    parts = {k: int(total * share * rng.uniform(0.85, 1.15)) for k, share in shares.items()}
    last = list(shares)[-1]
    parts[last] = 0
    parts[last] = max(total - sum(parts.values()), 0)
    excess = sum(parts.values()) - total
    for key in shares:
        take = min(excess, parts[key])
        parts[key] -= take
        excess -= take
    return parts


def _pct(top: int, bottom: int, scale: int = 100) -> Decimal | None:
    return None if bottom == 0 else Decimal(top * scale / bottom).quantize(Decimal("0.1"))


class _ForceConstants:
    """A force's own constants (its population, its charge rate...), the same in every period."""

    def __init__(self, code: str):
        self.code = code

    def uniform(self, key: int, low: float, high: float) -> float:
        return random.Random(zlib.crc32(f"{self.code}#{key}".encode())).uniform(low, high)  # noqa: S311 - demo data


def force_figures(force: Force, period_index: int, annual: bool) -> dict[tuple[str, str], Decimal | None]:
    """One force's figures for one period: {(measure code, breakdown): value}."""
    base = _ForceConstants(force.code)
    rng = random.Random(zlib.crc32(f"{force.code}:{period_index}".encode()))  # noqa: S311 - demo data
    population = int(
        base.uniform(1, 150_000, 1_000_000) if force.kind == Force.Kind.TERRITORIAL else base.uniform(2, 20_000, 60_000)
    )
    if force.code == "metropolitan":
        population = 4_600_000
    growth = 1 + 0.02 * period_index
    noise = lambda: rng.uniform(0.95, 1.05)  # noqa: E731 - a one-line helper reads best here
    crimes = int(population * base.uniform(3, 12, 22) / 1000 * growth * noise())
    outcomes = int(crimes * rng.uniform(0.85, 0.95))
    charged = int(outcomes * base.uniform(4, 0.05, 0.09) * noise())
    rapes = int(crimes * base.uniform(5, 0.05, 0.07) * noise())
    rapes_charged = int(rapes * base.uniform(6, 0.03, 0.07) * noise())
    applied = int(crimes * base.uniform(7, 0.008, 0.015) * noise())
    granted = int(applied * rng.uniform(0.85, 0.95))
    breaches = int(granted * base.uniform(8, 0.2, 0.4) * noise())
    dvds = int(population * base.uniform(9, 0.0003, 0.0006) * noise())
    disclosed = int(dvds * base.uniform(10, 0.35, 0.5))
    in_time = int(dvds * base.uniform(11, 0.5, 0.9))
    complaints = max(int(population * base.uniform(12, 0.000006, 0.00002) * noise()), 1)
    finalised = int(complaints * rng.uniform(0.7, 0.9))
    nfa = int(finalised * rng.uniform(0.85, 0.95))
    conduct = max(int(complaints * base.uniform(13, 0.6, 1.2)), 1)
    conduct_final = int(conduct * rng.uniform(0.7, 0.9))
    conduct_nfa = int(conduct_final * rng.uniform(0.6, 0.8))
    streetsafe = int(population * base.uniform(14, 0.0001, 0.0004) * noise())
    acted = int(streetsafe * base.uniform(15, 0.3, 0.7))
    online = int(crimes * base.uniform(16, 0.04, 0.07))
    figures: dict[tuple[str, str], Decimal | None] = {}

    def put(code: str, value, breakdown: str = "") -> None:
        figures[(code, breakdown)] = value if value is None or isinstance(value, Decimal) else Decimal(value)

    put("CX01", population)
    put("TC01", complaints)
    put("TC02", conduct)
    put("TC03", finalised)
    put("TC04", nfa)
    put("TC05", _pct(nfa, finalised))
    put("TC06", conduct_final)
    put("TC07", conduct_nfa)
    put("TC08", _pct(conduct_nfa, conduct_final))
    put("TC09", int(base.uniform(17, 100, 250) * noise()))
    put("TC10", int(base.uniform(18, 150, 300) * noise()))
    if annual:
        surveyed = int(base.uniform(19, 300, 1500))
        confident = int(surveyed * base.uniform(20, 0.5, 0.7) * rng.uniform(0.97, 1.03))
        put("TC11", surveyed)
        put("TC12", confident)
        put("TC13", _pct(confident, surveyed))
        put("TC14", Decimal(base.uniform(21, 60, 85)).quantize(Decimal("0.1")))
        put("SS08", Decimal(base.uniform(22, 40, 70)).quantize(Decimal("0.1")))
    put("PP01", crimes)
    for key, part in _split(crimes, ETHNICITY, rng).items():
        put("PP01", part, key)
    put("PP02", _pct(crimes, population, 1000))
    put("PP03", outcomes)
    put("PP04", charged)
    for key, part in _split(charged, ETHNICITY, rng).items():
        put("PP04", part, key)
    put("PP05", _pct(charged, outcomes))
    put("PP06", rapes)
    put("PP07", rapes_charged)
    put("PP08", _pct(rapes_charged, rapes))
    put("PP09", int(base.uniform(23, 100, 300) * noise()))
    put("PP10", applied)
    put("PP11", granted)
    put("PP12", _pct(granted, applied))
    put("PP13", breaches)
    put("PP14", Decimal(breaches / granted).quantize(Decimal("0.01")) if granted else None)
    put("PP15", dvds)
    for key, part in _split(dvds, ROUTES, rng).items():
        put("PP15", part, key)
    put("PP16", disclosed)
    put("PP17", _pct(disclosed, dvds))
    put("PP18", in_time)
    put("PP19", _pct(in_time, dvds))
    put("PP20", int(base.uniform(24, 20, 50) * noise()))
    put("SS01", streetsafe)
    put("SS02", _pct(streetsafe, population, 1000))
    put("SS03", acted)
    put("SS04", _pct(acted, streetsafe))
    put("SS05", online)
    for key, part in _split(online, ETHNICITY, rng).items():
        put("SS05", part, key)
    put("SS06", int(crimes * base.uniform(25, 0.1, 0.15)))
    put("SS07", int(population * base.uniform(26, 0.00003, 0.00008) * noise()))
    return figures


@transaction.atomic
def seed(scale: str) -> str:
    today = timezone.localdate()
    periods = list(
        ReportingPeriod.objects.filter(opens_on__lte=today)
        .select_related("measure_set")
        .order_by("-starts_on")[: PERIODS.get(scale, 4)]
    )[::-1]
    if not periods:
        return "no reporting periods (run load_reference first)"
    if ReturnValue.objects.exists():
        return f"figures already present ({ReturnValue.objects.count()}); left as they are"
    forces = list(Force.objects.order_by("name"))
    coordinator = User.objects.filter(role=Role.NATIONAL_COORDINATOR).order_by("pk").first()
    measures = {p.pk: {m.code: m for m in p.measure_set.measures.all() if measure_applies(m, p)} for p in periods}
    latest = periods[-1]
    changes = []
    statuses: dict[tuple[int, int], str] = {}
    for index, period in enumerate(periods):
        for force in forces:
            status = _status_for(force, period, latest, len(forces))
            if status is None:
                continue
            statuses[(force.pk, period.pk)] = status
            figures = force_figures(force, index, annual=period.ends_on.month == 3)
            for (code, breakdown), value in figures.items():
                measure = measures[period.pk].get(code)
                if measure is None:
                    continue
                note = "" if value is not None else "Not calculable: the denominator was 0"
                changes.append(Change(force.pk, period, measure, breakdown, value, note))
    returns: dict = {}
    written = values_write(changes=changes, returns=returns, existing={}, user=None, reason="Demo data")
    _set_statuses(returns, statuses, coordinator, {p.pk: p for p in periods})
    return (
        f"{len(periods)} periods, {len(returns)} returns, {written.created} figures "
        f"({len(written.flagged)} flagged as unusual)"
    )


def _status_for(force: Force, period: ReportingPeriod, latest: ReportingPeriod, force_count: int) -> str | None:
    """Older periods approved; in the latest, a spread of states (West Yorkshire a draft, Kent not started)."""
    if period != latest:
        return Return.Status.APPROVED
    if force.code == "west-yorkshire":
        return Return.Status.DRAFT
    if force.code == "kent":
        return None
    bucket = zlib.crc32(force.code.encode()) % 4
    return [None, Return.Status.DRAFT, Return.Status.SUBMITTED, Return.Status.APPROVED][bucket]


def _set_statuses(returns: dict, statuses: dict, coordinator, periods: dict) -> None:
    now = timezone.now()
    to_update = []
    for key, ret in returns.items():
        ret.status = statuses[key]
        due_on = periods[ret.period_id].due_on
        if ret.status in (Return.Status.SUBMITTED, Return.Status.APPROVED):
            ret.submitted_at = (
                datetime.datetime.combine(due_on, datetime.time(12), tzinfo=now.tzinfo) if due_on < now.date() else now
            )
        if ret.status == Return.Status.APPROVED:
            ret.reviewed_at, ret.reviewed_by = ret.submitted_at, coordinator
        to_update.append(ret)
    Return.objects.bulk_update(to_update, ["status", "submitted_at", "reviewed_at", "reviewed_by"], batch_size=2000)
    # Submitted and approved returns had their flags explained before submission.
    ReturnValue.objects.exclude(flag="").exclude(return_obj__status=Return.Status.DRAFT).update(
        note="Checked with the force's analyst: the figure is right (demo data)."
    )
