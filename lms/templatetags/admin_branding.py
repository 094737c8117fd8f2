"""The product's name in the Wagtail admin's <title>, where Wagtail writes "Wagtail"."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name() -> str:
    return settings.WAGTAIL_SITE_NAME
