"""How a person sees dates: in the western calendar (西暦, the default) or in 和暦.

The choice is one cookie, set by a small form in every page's header (as the display language
is), so it holds for the pages and the downloads of that browser without a stored setting; a
page that shows 和暦 still carries the ISO date in its <time> elements for machines. The
calendar rules themselves are in japanese_dates.py.
"""

import datetime

from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import japanese_dates

COOKIE = "date_style"
SEIREKI = "seireki"
WAREKI = "wareki"
STYLES = (SEIREKI, WAREKI)
COOKIE_MAX_AGE = 365 * 24 * 3600


def style_of(request: HttpRequest | None) -> str:
    """The request's chosen style; anything unknown is the default, 西暦."""
    if request is None:
        return SEIREKI
    style = request.COOKIES.get(COOKIE, "")
    return style if style in STYLES else SEIREKI


def style_choices() -> list[tuple[str, str]]:
    return [(SEIREKI, _("西暦")), (WAREKI, _("和暦"))]


def _local(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, japanese_dates.TOKYO)
    return value


def _in_era(value: datetime.date | datetime.datetime, style: str) -> bool:
    """和暦 is asked for and the day has an era (older days stay in 西暦)."""
    return (
        style == WAREKI and japanese_dates.tokyo_date(value) >= japanese_dates.FIRST_GREGORIAN_DAY
    )


def show_date(
    value: datetime.date | datetime.datetime | None, style: str, seireki_format: str = "Y/n/j"
) -> str:
    """A day as the person reads it: 2026/12/4 (or the given Django date format or format
    name, such as "DATE_FORMAT"), or
    令和8年12月4日. Moments are read in Tokyo time; None is empty."""
    if value is None:
        return ""
    value = _local(value)
    if _in_era(value, style):
        return japanese_dates.wareki_date(value)
    return formats.date_format(value, seireki_format)


def show_datetime(
    value: datetime.datetime | None, style: str, seireki_format: str = "Y/n/j H:i"
) -> str:
    """A moment with its Tokyo time: 2026/12/4 9:05, or 令和8年12月4日 9:05."""
    if value is None:
        return ""
    value = _local(value)
    if _in_era(value, style):
        return japanese_dates.wareki_datetime(value)
    return formats.date_format(value, seireki_format)


def month_of(value: datetime.date | str) -> datetime.date:
    """A month given as a day or as "YYYY-MM" text, as its first day."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(f"{value}-01")
    return value.replace(day=1)


def show_month(value: datetime.date | str | None, style: str) -> str:
    """A month: 2026-12, or 令和8年12月."""
    if value in (None, ""):
        return ""
    month = month_of(value)
    if _in_era(month, style):
        return japanese_dates.wareki_month(month)
    return f"{month:%Y-%m}"


def show_fiscal_year(year: int | None, style: str) -> str:
    """A fiscal year: 2026年度, or 令和8年度."""
    if year is None:
        return ""
    if style == WAREKI:
        return japanese_dates.fiscal_year_label(year, wareki=True)
    return _("%(year)s年度") % {"year": year}
