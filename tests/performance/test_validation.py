"""The pure checks on figures: types and ranges, consistency, readiness to submit, outlier flags."""

from decimal import Decimal

import pytest

from performance.models import Measure
from performance.validation import (
    Entry,
    FigureError,
    check_consistency,
    check_ready_to_submit,
    outlier_flag,
    parse_value,
)

from .conftest import full_figures


def m(unit: str, code: str = "X1") -> Measure:
    return Measure(code=code, unit=unit, title=code)


@pytest.mark.parametrize(
    ("unit", "text", "expected"),
    [
        ("count", "1,234", Decimal(1234)),
        ("count", " 7 ", Decimal(7)),
        ("count", "", None),
        ("percentage", "45.5%", Decimal("45.5")),
        ("rate_per_1000", "12.25", Decimal("12.25")),
        ("days", "0", Decimal(0)),
    ],
)
def test_parse_value_accepts_numbers_in_range(unit, text, expected):
    assert parse_value(m(unit), text) == expected


@pytest.mark.parametrize(
    ("unit", "text", "message"),
    [
        ("count", "12.5", "Enter a whole number, 0 or more"),
        ("count", "-1", "Enter a whole number, 0 or more"),
        ("count", "ten", "Enter a whole number, 0 or more"),
        ("count", "NaN", "Enter a whole number, 0 or more"),
        ("count", "1e400", "Enter a whole number, 0 or more"),
        ("percentage", "100.1", "Enter a percentage from 0 to 100"),
        ("days", "4000", "Enter a number of days from 0 to 3,650"),
        ("ratio", "0.12345", "Enter a number with no more than 3 decimal places"),
    ],
)
def test_parse_value_refuses_wrong_types_and_ranges(unit, text, message):
    with pytest.raises(FigureError) as exc:
        parse_value(m(unit), text)
    assert exc.value.message == message


@pytest.fixture
def measures(measure_set):
    return list(measure_set.measures.all())


def entries(figures, **notes):
    return {key: Entry(value, notes.get(key[0], "")) for key, value in figures.items()}


def test_consistent_figures_pass(measures):
    assert check_consistency(measures, entries(full_figures())) == []


def test_numerator_above_denominator_is_a_problem(measures):
    figures = full_figures(c1=100, c2=150)
    figures[("P1", "")] = None
    problems = check_consistency(measures, entries(figures))
    assert [(p.measure_code, p.message) for p in problems] == [
        ("C2", "C2 (150) cannot be more than C1 (100), its denominator in P1")
    ]


def test_percentage_must_match_numerator_and_denominator(measures):
    figures = full_figures()
    figures[("P1", "")] = Decimal("25")
    problems = check_consistency(measures, entries(figures))
    assert [p.message for p in problems] == ["P1 should be 10.0 (C2 ÷ C1 × 100)"]


def test_percentage_within_rounding_passes(measures):
    figures = full_figures(c1=300, a=200, b=100, c2=1)  # 0.333...%
    figures[("P1", "")] = Decimal("0.3")
    assert check_consistency(measures, entries(figures)) == []


def test_breakdown_must_add_up_to_the_total(measures):
    problems = check_consistency(measures, entries(full_figures(a=60, b=30)))
    assert [p.message for p in problems] == ["The victim ethnicity figures for C1 add up to 90, not the total of 100"]


def test_breakdown_must_be_complete_or_empty(measures):
    figures = full_figures()
    del figures[("C1", "b")]
    problems = check_consistency(measures, entries(figures))
    assert [p.message for p in problems] == [
        "Enter every victim ethnicity category for C1, or none (use 0 where there were none)"
    ]
    del figures[("C1", "a")]
    assert check_consistency(measures, entries(figures)) == []


def test_missing_figure_needs_a_reason_to_submit(measures, open_period):
    applicable = [x for x in measures if x.code != "S1"]
    figures = full_figures()
    figures[("D1", "")] = None
    problems = check_ready_to_submit(applicable, entries(figures))
    assert [p.message for p in problems] == ["Enter D1, or give the reason it is missing"]
    assert check_ready_to_submit(applicable, entries(figures, D1="System outage: not extracted")) == []


def test_flagged_figure_needs_an_explanation_to_submit(measures):
    applicable = [x for x in measures if x.code != "S1"]
    given = entries(full_figures())
    given[("C2", "")] = Entry(Decimal(10), "", "change")
    problems = check_ready_to_submit(applicable, given)
    assert [p.message for p in problems] == ["Explain C2: it is flagged as unusual (the figure can stay as it is)"]
    given[("C2", "")] = Entry(Decimal(10), "New charging unit", "change")
    assert check_ready_to_submit(applicable, given) == []


def test_outlier_far_from_the_median_is_flagged():
    history = [Decimal(v) for v in (100, 104, 98, 101, 103)]
    flag, detail = outlier_flag(m("count"), Decimal(300), history)
    assert flag == "outlier"
    assert detail == "Far from this force's usual level: its median over 5 periods is 101"


def test_steady_growth_is_not_flagged():
    history = [Decimal(v) for v in (100, 102, 104, 106, 108, 110)]
    assert outlier_flag(m("count"), Decimal(113), history) == ("", "")


def test_large_change_on_the_last_period_is_flagged_with_little_history():
    flag, detail = outlier_flag(m("count"), Decimal(200), [Decimal(100)])
    assert (flag, detail) == ("change", "A large change on the last period (100)")


def test_small_counts_moving_a_little_are_not_flagged():
    assert outlier_flag(m("count"), Decimal(5), [Decimal(2)]) == ("", "")


def test_percentage_change_is_measured_in_points():
    assert outlier_flag(m("percentage"), Decimal(30), [Decimal(20)]) == ("", "")
    assert outlier_flag(m("percentage"), Decimal(40), [Decimal(20)])[0] == "change"


def test_no_history_no_flag():
    assert outlier_flag(m("count"), Decimal(10_000), []) == ("", "")
