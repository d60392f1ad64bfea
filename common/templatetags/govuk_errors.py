"""The GOV.UK error summary's links: a wrapper over common.forms.error_links."""

from django import template

from common.forms import error_links

register = template.Library()
register.filter("error_links", error_links)
