"""
Reads for performance pages, the CSV export and the charts.

The rule that matters most lives here: another force's figures are read only from approved
returns. `visible_returns` is the one filter every read of force figures goes through; national
and peer averages use approved figures only, so no average ever carries a draft.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Force

from .models import LockException, Measure, PeerLink, ReportingPeriod, Return, ReturnValue, format_value
from .validation import measure_applies

TREND_PERIODS = 8


def period_list() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.select_related("measure_set").order_by("-starts_on")


def period_get(*, slug: str) -> ReportingPeriod:
    return ReportingPeriod.objects.select_related("measure_set").get(slug=slug)


def period_current(*, today: datetime.date | None = None) -> ReportingPeriod | None:
    """The latest period whose entry has opened (the one forces are working on), else the first."""
    today = today or timezone.localdate()
    return (
        ReportingPeriod.objects.select_related("measure_set").filter(opens_on__lte=today).order_by("-starts_on").first()
        or ReportingPeriod.objects.select_related("measure_set").order_by("starts_on").first()
    )


def visible_returns(*, user) -> QuerySet[Return]:
    """Returns whose figures `user` may see: every approved return, and drafts of forces they may see drafts of."""
    returns = Return.objects.all()
    if getattr(user, "is_national", False) or user.is_superuser:
        return returns
    if getattr(user, "force_id", None):
        return returns.filter(Q(status=Return.Status.APPROVED) | Q(force_id=user.force_id))
    return returns.filter(status=Return.Status.APPROVED)


def can_see_drafts_of(user, force: Force) -> bool:
    return user.has_perm("performance.view_drafts", force)


def return_get_for_user(*, user, force: Force, period: ReportingPeriod) -> Return | None:
    """
    The force's return for the period, or None when it has none yet.

    Raises Return.DoesNotExist when the user may not know it exists: another force's return that
    is not approved, or no return at all for a force whose drafts they may not see.
    """
    ret = (
        Return.objects.select_related("force", "period__measure_set", "submitted_by", "reviewed_by")
        .filter(force=force, period=period)
        .first()
    )
    if can_see_drafts_of(user, force):
        return ret
    if ret is None or ret.status != Return.Status.APPROVED:
        raise Return.DoesNotExist
    return ret


def lock_exception_get(*, force: Force, period: ReportingPeriod) -> LockException | None:
    return LockException.objects.filter(force=force, period=period).first()


def lock_exceptions_for_period(*, period: ReportingPeriod) -> QuerySet[LockException]:
    return LockException.objects.filter(period=period).select_related("force", "granted_by").order_by("force__name")


def return_values(*, ret: Return | None) -> QuerySet[ReturnValue]:
    if ret is None:
        return ReturnValue.objects.none()
    return ret.values.select_related("measure").order_by("measure__position", "breakdown")


def figures_by_return(*, return_ids) -> dict[int, list[tuple]]:
    """
    The figures of many returns in one query, as plain rows (return id, measure code, breakdown,
    value, note, flag, flag detail), in each return's measure order. For the API's list of returns:
    a page of 200 is some 12,000 figures, and building a model instance for each (and its measure)
    was most of the answer's time.
    """
    rows = (
        ReturnValue.objects.filter(return_obj_id__in=list(return_ids))
        .order_by("return_obj_id", "measure__position", "measure_id", "breakdown")
        .values_list("return_obj_id", "measure__code", "breakdown", "value", "note", "flag", "flag_detail")
    )
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row[1:])
    return grouped


def return_history(*, ret: Return) -> list[dict]:
    """Every change to the return and its figures, newest first: who, when, what."""
    events = []
    for h in ret.history.select_related("history_user").order_by("-history_date"):
        events.append(
            {
                "when": h.history_date,
                "who": h.history_user,
                "what": h.history_change_reason or "Created",
                "detail": f"Status: {h.get_status_display()}"
                + (f". Comment: {h.review_comment}" if h.review_comment else ""),
            }
        )
    codes = {m.pk: m.code for m in ret.period.measure_set.measures.all()}
    values = ReturnValue.history.filter(return_obj_id=ret.pk).select_related("history_user").order_by("-history_date")
    for h in values[:500]:
        label = codes.get(h.measure_id, "?") + (f" ({h.breakdown})" if h.breakdown else "")
        shown = "deleted" if h.history_type == "-" else (format_value(h.value) or "blank")
        events.append(
            {
                "when": h.history_date,
                "who": h.history_user,
                "what": h.history_change_reason or "Changed",
                "detail": f"{label}: {shown}" + (f". Note: {h.note}" if h.note and h.history_type != "-" else ""),
            }
        )
    events.sort(key=lambda e: e["when"], reverse=True)
    return events


def peer_forces(*, force: Force) -> tuple[list[Force], str]:
    """
    (the force's peer group including the force itself, how it was chosen).

    The most-similar group loaded by the national team where there is one; otherwise the forces of
    the force's region.
    """
    peer_ids = list(PeerLink.objects.filter(force=force).values_list("peer_id", flat=True))
    if peer_ids:
        peers = list(Force.objects.filter(Q(pk__in=peer_ids) | Q(pk=force.pk)))
        return peers, "most similar group"
    if force.region:
        return list(Force.objects.filter(region=force.region)), f"forces in the {force.region} region"
    return [force], "no peers"


def measures_for_period(*, period: ReportingPeriod) -> list[Measure]:
    return [m for m in period.measure_set.measures.all() if measure_applies(m, period)]


@dataclass
class MeasureTrend:
    measure: Measure
    periods: list[ReportingPeriod]
    values: list[Decimal | None]
    drafts: list[bool]
    national: list[Decimal | None]
    peers: list[Decimal | None]
    latest: Decimal | None = None
    latest_period: ReportingPeriod | None = None
    latest_is_draft: bool = False
    change: Decimal | None = None


@dataclass
class ForcePerformance:
    force: Force
    periods: list[ReportingPeriod]
    peer_label: str
    peers: list[Force]
    trends_by_pillar: list[tuple[str, list[MeasureTrend]]] = field(default_factory=list)
    shows_drafts: bool = False


def _averages(measure_ids, period_ids, force_ids=None) -> dict[tuple[int, int], Decimal]:
    rows = ReturnValue.objects.filter(
        breakdown="",
        measure_id__in=measure_ids,
        return_obj__period_id__in=period_ids,
        return_obj__status=Return.Status.APPROVED,
        value__isnull=False,
    )
    if force_ids is not None:
        rows = rows.filter(return_obj__force_id__in=force_ids)
    return {
        (r["measure_id"], r["return_obj__period_id"]): r["avg"]
        for r in rows.values("measure_id", "return_obj__period_id").annotate(avg=Avg("value"))
    }


def force_performance(*, user, force: Force, periods: int = TREND_PERIODS) -> ForcePerformance:
    """Each measure's series for the force, with national and peer averages of approved figures."""
    chosen = list(ReportingPeriod.objects.select_related("measure_set").order_by("-starts_on")[:periods])[::-1]
    peers, peer_label = peer_forces(force=force)
    result = ForcePerformance(force=force, periods=chosen, peer_label=peer_label, peers=peers)
    if not chosen:
        return result
    measure_set = chosen[-1].measure_set
    measures = list(measure_set.measures.all())
    period_ids = [p.pk for p in chosen]
    measure_ids = [m.pk for m in measures]
    shows_drafts = can_see_drafts_of(user, force)
    result.shows_drafts = shows_drafts
    own = ReturnValue.objects.filter(
        breakdown="", measure_id__in=measure_ids, return_obj__force=force, return_obj__period_id__in=period_ids
    )
    if not shows_drafts:
        own = own.filter(return_obj__status=Return.Status.APPROVED)
    own_values = {
        (m, p): (v, s != Return.Status.APPROVED)
        for m, p, v, s in own.values_list("measure_id", "return_obj__period_id", "value", "return_obj__status")
    }
    national = _averages(measure_ids, period_ids)
    peer = _averages(measure_ids, period_ids, [f.pk for f in peers])
    by_pillar: dict[str, list[MeasureTrend]] = defaultdict(list)
    for measure in measures:
        values = [own_values.get((measure.pk, p.pk), (None, False)) for p in chosen]
        trend = MeasureTrend(
            measure=measure,
            periods=chosen,
            values=[v for v, _ in values],
            drafts=[d for _, d in values],
            national=[national.get((measure.pk, p.pk)) for p in chosen],
            peers=[peer.get((measure.pk, p.pk)) for p in chosen],
        )
        known = [(p, v, d) for p, v, d in zip(chosen, trend.values, trend.drafts, strict=True) if v is not None]
        if known:
            trend.latest_period, trend.latest, trend.latest_is_draft = known[-1]
            if len(known) > 1:
                trend.change = known[-1][1] - known[-2][1]
        by_pillar[f"{measure.pillar_code}: {measure.pillar_title}"].append(trend)
    result.trends_by_pillar = list(by_pillar.items())
    return result


@dataclass
class ForceFigure:
    force: Force
    value: Decimal | None
    is_draft: bool
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    rank: int | None = None


def measure_across_forces(
    *, user, measure: Measure, period: ReportingPeriod
) -> tuple[list[ForceFigure], Decimal | None]:
    """
    (every force's figure for the measure and period, ranked best first; the national value).

    Figures come from approved returns, plus unapproved ones of forces whose drafts the user may
    see (marked as drafts, left out of ranks, the national value and the funnel). The national
    value of a percentage or rate is total numerator over total denominator; otherwise the mean.
    """
    ids = [measure.pk] + [i for i in (measure.numerator_id, measure.denominator_id) if i]
    rows = ReturnValue.objects.filter(breakdown="", measure_id__in=ids, return_obj__period=period).values_list(
        "return_obj__force_id", "return_obj__status", "measure_id", "value"
    )
    draft_forces = (
        None if (getattr(user, "is_national", False) or user.is_superuser) else {getattr(user, "force_id", None)}
    )
    by_force: dict[int, dict] = defaultdict(dict)
    for force_id, status, measure_id, value in rows:
        approved = status == Return.Status.APPROVED
        if not approved and draft_forces is not None and force_id not in draft_forces:
            continue
        by_force[force_id][measure_id] = value
        by_force[force_id]["draft"] = not approved
    forces = Force.objects.filter(pk__in=list(by_force)).order_by("name")
    figures = [
        ForceFigure(
            force=f,
            value=by_force[f.pk].get(measure.pk),
            is_draft=by_force[f.pk]["draft"],
            numerator=by_force[f.pk].get(measure.numerator_id),
            denominator=by_force[f.pk].get(measure.denominator_id),
        )
        for f in forces
    ]
    approved = [f for f in figures if not f.is_draft and f.value is not None]
    reverse = measure.polarity != Measure.Polarity.LOWER
    for rank, figure in enumerate(sorted(approved, key=lambda f: f.value, reverse=reverse), start=1):
        figure.rank = rank
    figures.sort(key=lambda f: (f.rank is None, f.rank or 0, f.force.name))
    national = None
    if measure.numerator_id and measure.is_rate_or_percentage:
        pairs = [(f.numerator, f.denominator) for f in approved if f.numerator is not None and f.denominator]
        if pairs:
            scale = Decimal(100) if measure.unit == Measure.Unit.PERCENTAGE else Decimal(1000)
            national = sum(n for n, _ in pairs) / sum(d for _, d in pairs) * scale
    elif approved:
        national = statistics.fmean(float(f.value) for f in approved)
        national = Decimal(str(round(national, 3)))
    return figures, national


@dataclass
class CompletenessRow:
    force: Force
    ret: Return | None
    figures: int
    expected: int
    on_time: bool | None


def completeness(*, period: ReportingPeriod) -> tuple[list[CompletenessRow], dict[str, int]]:
    """Every force's return for the period: status, figures entered of those expected, submitted on time."""
    expected = len(measures_for_period(period=period))
    returns = {
        r.force_id: r
        for r in Return.objects.filter(period=period).annotate(figures=Count("values", filter=Q(values__breakdown="")))
    }
    due = datetime.datetime.combine(period.due_on, datetime.time.max, tzinfo=timezone.get_current_timezone())
    rows = []
    counts = {"not_started": 0, "draft": 0, "returned": 0, "submitted": 0, "approved": 0, "late": 0}
    for force in Force.objects.order_by("name"):
        ret = returns.get(force.pk)
        on_time = None
        if ret is not None and ret.submitted_at is not None:
            on_time = ret.submitted_at <= due
            counts["late"] += not on_time
        counts[ret.status if ret else "not_started"] += 1
        rows.append(CompletenessRow(force, ret, getattr(ret, "figures", 0) if ret else 0, expected, on_time))
    return rows, counts


def force_get(*, code: str) -> Force:
    return Force.objects.get(code=code)


def peer_groups() -> dict[Force, list[Force]]:
    groups: dict[Force, list[Force]] = defaultdict(list)
    for link in PeerLink.objects.select_related("force", "peer").order_by("force__name", "peer__name"):
        groups[link.force].append(link.peer)
    return dict(groups)
