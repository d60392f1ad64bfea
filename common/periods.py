"""Reporting periods: pure date helpers shared by apps (no models, no Django imports)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    """A closed range of dates [start, end] with a label such as "October to December 2026"."""

    start: datetime.date
    end: datetime.date
    label: str

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


def calendar_quarter(day: datetime.date) -> Period:
    """
    The calendar quarter holding `day`: the reporting cycle for progress updates on action plans.

    Quarters start on 1 January, 1 April, 1 July and 1 October.
    """
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    end_month = first_month + 2
    next_month_start = datetime.date(day.year + end_month // 12, end_month % 12 + 1, 1)
    end = next_month_start - datetime.timedelta(days=1)
    label = f"{_MONTHS[first_month - 1]} to {_MONTHS[first_month + 1]} {day.year}"
    return Period(start=start, end=end, label=label)
