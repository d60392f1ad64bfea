"""Funnel plot limits and the chart: 95% and 99.8% limits around the national value, outliers named."""

import math
import xml.etree.ElementTree as ET

import pytest

from common.charts.funnel import (
    ABOVE_95,
    ABOVE_998,
    BELOW_998,
    WITHIN,
    Z95,
    Z998,
    FunnelPoint,
    funnel_chart,
    funnel_classify,
    funnel_limits,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_percentage_limits_are_binomial():
    low, high = funnel_limits(20.0, 400, kind="percentage", z=Z95)
    sd = 100 * math.sqrt(0.2 * 0.8 / 400)
    assert (low, high) == pytest.approx((20 - 1.959964 * sd, 20 + 1.959964 * sd))


def test_rate_limits_are_poisson_on_the_per_thousand_scale():
    low, high = funnel_limits(15.0, 100_000, kind="rate", z=Z998)
    sd = math.sqrt(1000 * 15 / 100_000)
    assert (low, high) == pytest.approx((15 - 3.090232 * sd, 15 + 3.090232 * sd))


def test_limits_narrow_as_the_denominator_grows_and_stay_in_range():
    small = funnel_limits(50.0, 10, kind="percentage", z=Z998)
    big = funnel_limits(50.0, 10_000, kind="percentage", z=Z998)
    assert big[1] - big[0] < small[1] - small[0]
    assert funnel_limits(2.0, 5, kind="percentage", z=Z998)[0] == 0.0


@pytest.mark.parametrize(("value", "verdict"), [(20.0, WITHIN), (23.0, ABOVE_95), (30.0, ABOVE_998), (10.0, BELOW_998)])
def test_points_are_classified_against_the_limits(value, verdict):
    assert funnel_classify(FunnelPoint("F", value, 1000), 20.0, kind="percentage") == verdict


def test_chart_names_forces_outside_the_limits_and_escapes_them():
    points = [FunnelPoint("Inside <force>", 20.0, 1000), FunnelPoint("High & mighty", 30.0, 1000)]
    svg = funnel_chart(chart_id="f1", title="Charge rate", points=points, target=20.0, kind="percentage", unit="%")
    root = ET.fromstring(svg)
    desc = root.find(f"{SVG}desc").text
    assert desc == "National value 20%. 2 forces. Outside the 95% limits: High & mighty (above the 99.8% limit)."
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "High & mighty" in labels and "Inside <force>" not in labels
    assert "99.8% limits" in labels and "95% limits" in labels
    assert len(root.findall(f"{SVG}polygon")) >= 1  # outside points are triangles, not only another colour
