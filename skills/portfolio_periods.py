"""The period HR looks at: a fiscal year (年度, April to March) or a range of months.

A period is whole months in Tokyo time. It limits the trends (their monthly snapshots) and the
course effectiveness (the people whose first completion of the course falls in it); the
heatmap and the learning activity show the figures of today. Trends come month by month or
fiscal year by fiscal year; a fiscal year's figures pool the monthly snapshots it spans
(people counted once per month), so they add up to its months.
"""

import datetime
import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from common import japanese_dates

MONTH = re.compile(r"^\d{4}-\d{2}$")
FISCAL_YEAR = re.compile(r"^\d{4}$")
GROUPINGS = ("month", "fy")
ONE_DAY = datetime.timedelta(days=1)


class BadPeriod(ValueError):
    """A period that cannot be read; the message can be shown as it is."""


@dataclass(frozen=True)
class Period:
    """Months from `first` to `last` (first days, both included; None: open), or a fiscal year."""

    first: datetime.date | None
    last: datetime.date | None
    fiscal_year: int | None = None

    @classmethod
    def of_fiscal_year(cls, year: int) -> "Period":
        months = japanese_dates.fiscal_year_months(year)
        return cls(months[0], months[-1], year)

    def contains_month(self, month: datetime.date) -> bool:
        return (self.first is None or month >= self.first) and (
            self.last is None or month <= self.last
        )

    def bounds(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """The period as moments [start, end) in Tokyo time; None where it is open."""

        def midnight(day: datetime.date) -> datetime.datetime:
            return datetime.datetime.combine(day, datetime.time(), tzinfo=japanese_dates.TOKYO)

        start = midnight(self.first) if self.first else None
        end = midnight(_following_month(self.last)) if self.last else None
        return start, end

    def describe(self) -> str:
        """The period in words for a file's header: 2026年度（令和8年度）2026/4/1〜2027/3/31."""
        first = _slashed(self.first) if self.first else ""
        last = _slashed(_following_month(self.last) - ONE_DAY) if self.last else ""
        span = f"{first}〜{last}"
        if self.fiscal_year is None:
            return span
        return _("%(year)s年度（%(wareki)s）%(span)s") % {
            "year": self.fiscal_year,
            "wareki": japanese_dates.fiscal_year_label(self.fiscal_year, wareki=True),
            "span": span,
        }

    def as_params(self) -> dict[str, str]:
        if self.fiscal_year is not None:
            return {"fy": str(self.fiscal_year)}
        params = {}
        if self.first:
            params["from"] = f"{self.first:%Y-%m}"
        if self.last:
            params["to"] = f"{self.last:%Y-%m}"
        return params


def _slashed(day: datetime.date) -> str:
    return f"{day.year}/{day.month}/{day.day}"


def _following_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _month(text: str) -> datetime.date:
    try:
        if not MONTH.match(text):
            raise ValueError(text)
        return datetime.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise BadPeriod(
            _("月「%(value)s」は YYYY-MM の形で指定してください（例：2026-04）。") % {"value": text}
        ) from None


def parse_period(query: QueryDict | dict) -> Period | None:
    """`fy=2026`, or `from=2026-04` and/or `to=2026-09`; nothing means every month."""
    year = query.get("fy", "").strip()
    first = query.get("from", "").strip()
    last = query.get("to", "").strip()
    if year and (first or last):
        raise BadPeriod(_("年度と月の範囲は、どちらか一方だけを指定してください。"))
    if year:
        if not FISCAL_YEAR.match(year) or int(year) < japanese_dates.FIRST_GREGORIAN_DAY.year:
            raise BadPeriod(
                _("年度「%(value)s」は4桁の西暦年で指定してください（例：2026）。")
                % {"value": year}
            )
        return Period.of_fiscal_year(int(year))
    if not (first or last):
        return None
    period = Period(_month(first) if first else None, _month(last) if last else None)
    if period.first and period.last and period.first > period.last:
        raise BadPeriod(_("期間の始まりが終わりより後になっています。"))
    return period


def parse_grouping(query: QueryDict | dict) -> str:
    """How trends are grouped: `by=month` (the default) or `by=fy`."""
    grouping = query.get("by", "").strip() or "month"
    if grouping not in GROUPINGS:
        raise BadPeriod(_("推移の単位「%(by)s」はありません。") % {"by": grouping})
    return grouping


def fiscal_years_between(first: datetime.date, last: datetime.date) -> list[int]:
    """Every fiscal year from the one of `first` to the one of `last`, newest first."""
    return list(range(japanese_dates.fiscal_year(last), japanese_dates.fiscal_year(first) - 1, -1))
