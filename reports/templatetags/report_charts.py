"""The pillar chart for the plan page: a one-line wrapper over reports.selectors (the PDF uses the same)."""

from django import template
from django.utils.safestring import mark_safe

from ..selectors import pillar_chart_svg, pillar_summary_for_page

register = template.Library()


@register.simple_tag
def pillar_summary(coverage) -> list[dict]:
    """Rows for the chart and its table, from action_plans.selectors.plan_coverage."""
    return pillar_summary_for_page(coverage=coverage)


@register.simple_tag
def pillar_chart(rows: list[dict]) -> str:
    # Safe: the chart is built by common.charts, which escapes every label and value it prints.
    return mark_safe(pillar_chart_svg(pillars=rows, id_prefix="plan-pillar-chart"))  # noqa: S308
