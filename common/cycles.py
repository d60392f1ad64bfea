"""
Reporting cycles for progress on approved plans: a cycle is a calendar quarter.

Forces report progress on each local action once a quarter (January to March, April to June,
July to September, October to December). Pure date arithmetic, no database.
"""

import datetime
from dataclasses import dataclass

_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


@dataclass(frozen=True)
class Cycle:
    """One calendar quarter: `start` and `end` are its first and last days, both included."""

    year: int
    quarter: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> datetime.date:
        if self.quarter == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.quarter + 1, 1) - datetime.timedelta(days=1)

    @property
    def key(self) -> str:
        """A stable short name, for idempotency keys: `2026-Q3`."""
        return f"{self.year}-Q{self.quarter}"

    @property
    def label(self) -> str:
        """For people: `July to September 2026`."""
        first = _MONTH_NAMES[3 * self.quarter - 3]
        last = _MONTH_NAMES[3 * self.quarter - 1]
        return f"{first} to {last} {self.year}"

    def days_left(self, today: datetime.date) -> int:
        """Days from `today` to the cycle's last day (0 on the last day)."""
        return (self.end - today).days

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def cycle_for(day: datetime.date) -> Cycle:
    """The reporting cycle (calendar quarter) that `day` falls in."""
    return Cycle(year=day.year, quarter=(day.month - 1) // 3 + 1)
