"""Template filters for performance pages: one-line wrappers over performance.models.format_value."""

from django import template

from ..models import format_value

register = template.Library()
register.filter("figure", format_value)
