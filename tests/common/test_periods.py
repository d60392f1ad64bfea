import datetime

import pytest

from common.periods import calendar_quarter


@pytest.mark.parametrize(
    ("day", "start", "end", "label"),
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "January to March 2026"),
        (datetime.date(2026, 5, 17), datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), "April to June 2026"),
        (datetime.date(2026, 9, 30), datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "July to September 2026"),
        (datetime.date(2026, 12, 31), datetime.date(2026, 10, 1), datetime.date(2026, 12, 31),
         "October to December 2026"),
    ],
)
def test_calendar_quarter_holds_the_day(day, start, end, label):
    quarter = calendar_quarter(day)
    assert (quarter.start, quarter.end, quarter.label) == (start, end, label)
    assert day in quarter


def test_calendar_quarter_excludes_the_next_quarter():
    assert datetime.date(2026, 4, 1) not in calendar_quarter(datetime.date(2026, 3, 31))
