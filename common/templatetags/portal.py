"""Template filters: one-line wrappers over the tested helpers in common.text."""

from django import template

from common.text import duration_in_words

register = template.Library()
register.filter("duration", duration_in_words)
