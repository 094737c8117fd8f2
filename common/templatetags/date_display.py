"""Dates in templates, in the calendar the person chose: {% load date_display %}.

    {% show_date value %}  {% show_date value "Y-m-d" %}  {% show_datetime value %}
    {% show_month "2026-12" %}  {% show_fiscal_year 2026 %}  {% date_style_form %}

Days and moments come out in a <time> element carrying the ISO date; `as name` keeps the text
for use inside {% blocktranslate %}.
"""

import datetime

from django import template
from django.utils.html import format_html

from .. import date_display

register = template.Library()


def _style(context) -> str:
    return date_display.style_of(context.get("request"))


def _time(value: datetime.date | datetime.datetime, text: str) -> str:
    if isinstance(value, datetime.datetime):
        machine = date_display._local(value).isoformat(timespec="minutes")
    else:
        machine = value.isoformat()
    return format_html('<time datetime="{}">{}</time>', machine, text)


@register.simple_tag(takes_context=True)
def show_date(context, value, seireki_format: str = "Y/n/j") -> str:
    if value is None or value == "":
        return ""
    return _time(value, date_display.show_date(value, _style(context), seireki_format))


@register.simple_tag(takes_context=True)
def show_datetime(context, value, seireki_format: str = "Y/n/j H:i") -> str:
    if value is None or value == "":
        return ""
    return _time(value, date_display.show_datetime(value, _style(context), seireki_format))


@register.simple_tag(takes_context=True)
def show_month(context, value) -> str:
    return date_display.show_month(value, _style(context))


@register.simple_tag(takes_context=True)
def show_fiscal_year(context, year) -> str:
    return date_display.show_fiscal_year(year, _style(context))


@register.inclusion_tag("common/date_style_form.html", takes_context=True)
def date_style_form(context) -> dict:
    """The header's switch between 西暦 and 和暦."""
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "style": _style(context),
        "choices": date_display.style_choices(),
    }
