"""Template filters for performance pages: one-line wrappers over performance.models.display_value."""

from django import template

from ..models import display_value

register = template.Library()
register.filter("figure", display_value)
