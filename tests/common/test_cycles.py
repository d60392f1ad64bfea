import datetime

import pytest

from common.cycles import Cycle, cycle_for


@pytest.mark.parametrize(
    ("day", "quarter", "start", "end"),
    [
        (datetime.date(2026, 1, 1), 1, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), 2, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 8, 15), 3, datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 12, 31), 4, datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
    ],
)
def test_cycle_for_gives_the_calendar_quarter(day, quarter, start, end):
    cycle = cycle_for(day)
    assert (cycle.quarter, cycle.start, cycle.end) == (quarter, start, end)
    assert cycle.contains(day)


def test_cycle_key_and_label_read_well():
    cycle = Cycle(year=2026, quarter=3)
    assert cycle.key == "2026-Q3"
    assert cycle.label == "July to September 2026"


def test_days_left_counts_to_the_last_day():
    cycle = cycle_for(datetime.date(2024, 2, 1))
    assert cycle.end == datetime.date(2024, 3, 31)
    assert cycle.days_left(datetime.date(2024, 3, 1)) == 30
    assert cycle.days_left(datetime.date(2024, 3, 31)) == 0


def test_days_outside_the_cycle_are_not_contained():
    cycle = Cycle(year=2026, quarter=2)
    assert not cycle.contains(datetime.date(2026, 3, 31))
    assert not cycle.contains(datetime.date(2026, 7, 1))
