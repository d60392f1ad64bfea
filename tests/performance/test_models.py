"""How figures are written: plainly in the CSV file, with thousands separators on pages."""

from decimal import Decimal

import pytest

from performance.models import display_value, format_value


@pytest.mark.parametrize(
    ("value", "csv", "page"),
    [
        (None, "", ""),
        (Decimal("100.000"), "100", "100"),
        (Decimal("1234567"), "1234567", "1,234,567"),
        (Decimal("12.500"), "12.5", "12.5"),
        (Decimal("0.250"), "0.25", "0.25"),
        (Decimal("-1500.5"), "-1500.5", "-1,500.5"),
        (Decimal("1E+3"), "1000", "1,000"),
    ],
)
def test_figures_are_written_without_trailing_zeros_or_exponents(value, csv, page):
    assert format_value(value) == csv
    assert display_value(value) == page
