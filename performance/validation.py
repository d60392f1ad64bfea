"""
The checks a return's figures must pass, as pure functions over measures and entered values.

Three kinds of check, each used by every door (the return form, CSV import, the submit step):

- `parse_value`: types and ranges of one figure. A failure blocks saving.
- `check_consistency`: figures that must agree with each other (a numerator not above its
  denominator, a percentage or rate that matches them, breakdown categories adding up to the
  total). A failure blocks saving.
- `check_ready_to_submit`: a missing figure needs a reason, and a flagged figure an explanation.
  These block submission only, so a force can save an unfinished draft.

`outlier_flag` compares a figure with the force's own history. A flag never blocks a value: it
asks for an explanation before the return is submitted.
"""

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .models import Measure, display_value

Key = tuple[str, str]  # (measure code, breakdown code or "" for the total)

MAX_VALUE = Decimal("99999999999")
RANGES: dict[str, tuple[Decimal, Decimal, str]] = {
    Measure.Unit.COUNT: (Decimal(0), MAX_VALUE, "a whole number, 0 or more"),
    Measure.Unit.PERCENTAGE: (Decimal(0), Decimal(100), "a percentage from 0 to 100"),
    Measure.Unit.RATE: (Decimal(0), Decimal(1000), "a rate per 1,000 from 0 to 1,000"),
    Measure.Unit.DAYS: (Decimal(0), Decimal(3650), "a number of days from 0 to 3,650"),
    Measure.Unit.RATIO: (Decimal(0), Decimal(1000), "a ratio from 0 to 1,000"),
}
# A percentage or rate may differ from numerator / denominator by rounding to one decimal place.
CALCULATION_TOLERANCE = Decimal("0.051")

# Outliers: a robust z-score (Iglewicz and Hoaglin's modified z, 0.6745 (x - median) / MAD) above
# 3.5 against at least four earlier periods; or, with less history, a change on the last period
# that is both large in proportion and large in absolute terms, so that small counts moving from 2
# to 5 are not flagged.
OUTLIER_MIN_HISTORY = 4
OUTLIER_Z = Decimal("3.5")
# A steady trend has a small MAD, so a robust z-score alone flags ordinary growth: an outlier must
# also be at least this far from the median, in proportion.
OUTLIER_MIN_SHARE = Decimal("0.25")
CHANGE_RATIO = Decimal("0.5")
CHANGE_MIN = {
    Measure.Unit.COUNT: Decimal(10),
    Measure.Unit.PERCENTAGE: Decimal(15),
    Measure.Unit.RATE: Decimal(1),
    Measure.Unit.DAYS: Decimal(14),
    Measure.Unit.RATIO: Decimal("0.25"),
}


class FigureError(Exception):
    """A figure that cannot be stored; `message` is fit to show the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    measure_code: str
    breakdown: str
    message: str


@dataclass(frozen=True)
class Entry:
    value: Decimal | None
    note: str = ""
    flag: str = ""


def parse_value(measure: Measure, text: str | None) -> Decimal | None:
    """
    The figure typed for `measure`, as a Decimal, or None when left blank.

    Accepts thousands separators and a trailing % on percentages. Raises FigureError with a
    GOV.UK-style message when the text is not a number in the measure's range.
    """
    cleaned = (text or "").strip().replace(",", "").replace(" ", "")
    if measure.unit == Measure.Unit.PERCENTAGE:
        cleaned = cleaned.removesuffix("%")
    if cleaned == "":
        return None
    low, high, wanted = RANGES[measure.unit]
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise FigureError(f"Enter {wanted}") from None
    if not value.is_finite():
        raise FigureError(f"Enter {wanted}")
    if measure.unit == Measure.Unit.COUNT and value != value.to_integral_value():
        raise FigureError(f"Enter {wanted}")
    if value.as_tuple().exponent < -3:  # type: ignore[operator]
        raise FigureError("Enter a number with no more than 3 decimal places")
    if not low <= value <= high:
        raise FigureError(f"Enter {wanted}")
    return value


def measure_applies(measure: Measure, period) -> bool:
    """Annual measures are returned only in the period ending in March (the financial year end)."""
    return measure.frequency != Measure.Frequency.ANNUAL or period.ends_on.month == 3


def check_consistency(measures: Iterable[Measure], entries: Mapping[Key, Entry]) -> list[Problem]:
    """Figures that disagree with each other. Each problem names the figure to correct."""
    by_id = {m.pk: m for m in measures}
    problems: list[Problem] = []
    for measure in by_id.values():
        total = entries.get((measure.code, ""))
        if measure.numerator_id and measure.denominator_id:
            numerator = by_id.get(measure.numerator_id)
            denominator = by_id.get(measure.denominator_id)
            if numerator is not None and denominator is not None:
                problems += _check_calculated(measure, numerator, denominator, entries)
        if measure.has_breakdown and total is not None:
            problems += _check_breakdown(measure, total, entries)
    return problems


def _check_calculated(measure: Measure, numerator: Measure, denominator: Measure, entries) -> list[Problem]:
    top = _value(entries, numerator.code)
    bottom = _value(entries, denominator.code)
    value = _value(entries, measure.code)
    if top is None or bottom is None:
        return []
    if top > bottom:
        return [
            Problem(
                numerator.code,
                "",
                f"{numerator.code} ({_show(top)}) cannot be more than {denominator.code} "
                f"({_show(bottom)}), its denominator in {measure.code}",
            )
        ]
    if value is None:
        return []
    if bottom == 0:
        return [
            Problem(
                measure.code,
                "",
                f"{measure.code} cannot be calculated when {denominator.code} is 0: "
                "leave it blank and give the reason in the note",
            )
        ]
    scale = Decimal(100) if measure.unit == Measure.Unit.PERCENTAGE else Decimal(1000)
    expected = top / bottom * scale
    if abs(expected - value) > CALCULATION_TOLERANCE:
        return [
            Problem(
                measure.code,
                "",
                f"{measure.code} should be {expected:.1f} ({numerator.code} ÷ "
                f"{denominator.code}{' × 100' if scale == 100 else ' × 1,000'})",
            )
        ]
    return []


def _check_breakdown(measure: Measure, total: Entry, entries) -> list[Problem]:
    parts = [entries.get((measure.code, category)) for category in measure.breakdown_categories]
    given = [p.value for p in parts if p is not None and p.value is not None]
    if not given or total.value is None:
        return []
    if len(given) < len(parts):
        return [
            Problem(
                measure.code,
                "",
                f"Enter every {measure.breakdown_label.lower()} category for "
                f"{measure.code}, or none (use 0 where there were none)",
            )
        ]
    added = sum(given, Decimal(0))
    if measure.unit == Measure.Unit.COUNT and added != total.value:
        return [
            Problem(
                measure.code,
                "",
                f"The {measure.breakdown_label.lower()} figures for {measure.code} add up "
                f"to {_show(added)}, not the total of {_show(total.value)}",
            )
        ]
    return []


def _value(entries, code: str) -> Decimal | None:
    entry = entries.get((code, ""))
    return entry.value if entry is not None else None


def check_ready_to_submit(measures: Iterable[Measure], entries: Mapping[Key, Entry]) -> list[Problem]:
    """What stops a return being submitted: a missing figure with no reason, a flag with no explanation."""
    problems: list[Problem] = []
    for measure in measures:
        entry = entries.get((measure.code, ""))
        if entry is None or (entry.value is None and not entry.note.strip()):
            problems.append(Problem(measure.code, "", f"Enter {measure.code}, or give the reason it is missing"))
        elif entry.flag and not entry.note.strip():
            problems.append(
                Problem(
                    measure.code, "", f"Explain {measure.code}: it is flagged as unusual (the figure can stay as it is)"
                )
            )
    return problems


def outlier_flag(measure: Measure, value: Decimal | None, history: list[Decimal]) -> tuple[str, str]:
    """
    (flag, detail) for a total against the force's earlier figures (oldest first); ("", "") if usual.

    The flag is one of ReturnValue.Flag's values; the detail says why, in words a person can check.
    """
    if value is None or not history:
        return "", ""
    if len(history) >= OUTLIER_MIN_HISTORY:
        median = statistics.median(history)
        mad = statistics.median([abs(h - median) for h in history])
        material = _material(measure, abs(value - median), median, OUTLIER_MIN_SHARE)
        if mad > 0 and material and abs(Decimal("0.6745") * (value - median) / mad) > OUTLIER_Z:
            return (
                "outlier",
                f"Far from this force's usual level: its median over {len(history)} periods is {_show(median)}",
            )
        if mad == 0 and material:
            return "outlier", f"Every one of the last {len(history)} periods was {_show(median)}"
    last = history[-1]
    if _material(measure, abs(value - last), last, CHANGE_RATIO):
        return "change", f"A large change on the last period ({_show(last)})"
    return "", ""


def _material(measure: Measure, difference: Decimal, reference: Decimal, share: Decimal) -> bool:
    """A difference big enough to ask about: in points for a percentage, else in proportion and size."""
    if difference < CHANGE_MIN[measure.unit]:
        return False
    return measure.unit == Measure.Unit.PERCENTAGE or difference > share * max(abs(reference), Decimal(1))


_show = display_value
