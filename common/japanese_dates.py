"""Japanese calendar rules: fiscal years (年度) and era dates (和暦). Pure: no Django, no models.

A fiscal year runs from 1 April to 31 March and is named by the calendar year it begins in:
2026年度 is 2026-04-01 to 2027-03-31. Every date is read in Tokyo time, so a moment at
2027-03-31 23:59 JST (14:59 UTC) still belongs to 2026年度 and 2027-04-01 00:00 JST does not.

Eras (元号) change on a day, and the first year of an era is written 元年: 1989-01-07 is
昭和64年1月7日, 1989-01-08 平成元年1月8日, 2019-04-30 平成31年4月30日, 2019-05-01 令和元年5月1日.
Where a period straddles a change, the newer era names it, as offices write it: January 1989 is
平成元年1月, and the fiscal year beginning in April 2019 is 令和元年度 (the era of that year's
31 December). Era dates start with 明治6年 (1873), when Japan took up the Gregorian calendar.

A library was weighed (japanera): it carries every historical era and its own strftime codes,
but not fiscal years; the modern eras are five dates, so they are kept here as data.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
FISCAL_YEAR_FIRST_MONTH = 4


@dataclass(frozen=True)
class Era:
    name: str
    romaji: str
    start: datetime.date


# Newest first. Meiji is counted from the first Gregorian day (明治6年1月1日).
ERAS = (
    Era("令和", "Reiwa", datetime.date(2019, 5, 1)),
    Era("平成", "Heisei", datetime.date(1989, 1, 8)),
    Era("昭和", "Showa", datetime.date(1926, 12, 25)),
    Era("大正", "Taisho", datetime.date(1912, 7, 30)),
    Era("明治", "Meiji", datetime.date(1868, 1, 25)),
)
FIRST_GREGORIAN_DAY = datetime.date(1873, 1, 1)


def tokyo_date(value: datetime.date | datetime.datetime) -> datetime.date:
    """The calendar day in Tokyo: an aware moment is converted, a naive one taken as Tokyo's."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(TOKYO)
        return value.date()
    return value


# --- Fiscal years (年度) ------------------------------------------------------------------------


def fiscal_year(value: datetime.date | datetime.datetime) -> int:
    """The fiscal year a day or moment belongs to: 2027-03-31 → 2026, 2027-04-01 → 2027."""
    day = tokyo_date(value)
    return day.year if day.month >= FISCAL_YEAR_FIRST_MONTH else day.year - 1


def fiscal_year_first_day(year: int) -> datetime.date:
    return datetime.date(year, FISCAL_YEAR_FIRST_MONTH, 1)


def fiscal_year_last_day(year: int) -> datetime.date:
    return fiscal_year_first_day(year + 1) - datetime.timedelta(days=1)


def fiscal_year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The fiscal year as moments [start, end) in Tokyo time, for filtering timestamps."""
    return (
        datetime.datetime.combine(fiscal_year_first_day(year), datetime.time(), tzinfo=TOKYO),
        datetime.datetime.combine(fiscal_year_first_day(year + 1), datetime.time(), tzinfo=TOKYO),
    )


def fiscal_year_months(year: int) -> list[datetime.date]:
    """The first days of the fiscal year's twelve months, April to March."""
    first = FISCAL_YEAR_FIRST_MONTH
    return [
        datetime.date(year + (first + offset - 1) // 12, (first + offset - 1) % 12 + 1, 1)
        for offset in range(12)
    ]


# --- Eras (和暦) --------------------------------------------------------------------------------


def era_of(value: datetime.date | datetime.datetime) -> tuple[Era, int]:
    """The era of a day and the year within it (1 for 元年). Days before 1873 raise ValueError:
    Japan counted them by the lunar calendar, which these rules do not convert."""
    day = tokyo_date(value)
    if day < FIRST_GREGORIAN_DAY:
        raise ValueError(f"{day.isoformat()} is before Japan's Gregorian calendar (1873).")
    era = next(era for era in ERAS if day >= era.start)
    return era, day.year - era.start.year + 1


def era_year_text(era: Era, year: int) -> str:
    """令和元年, 令和8年."""
    return f"{era.name}{_numeral(year)}年"


def _numeral(year: int) -> str:
    return "元" if year == 1 else str(year)


def wareki_year(value: datetime.date | datetime.datetime) -> str:
    """The era year of a day: 2019-04-30 → 平成31年, 2019-05-01 → 令和元年."""
    return era_year_text(*era_of(value))


def wareki_date(value: datetime.date | datetime.datetime) -> str:
    """令和8年12月4日; moments are read in Tokyo time."""
    day = tokyo_date(value)
    return f"{wareki_year(day)}{day.month}月{day.day}日"


def wareki_datetime(value: datetime.datetime) -> str:
    """令和8年12月4日 9:05, in Tokyo time."""
    if value.tzinfo is not None:
        value = value.astimezone(TOKYO)
    return f"{wareki_date(value)} {value.hour}:{value.minute:02d}"


def wareki_month(value: datetime.date | datetime.datetime) -> str:
    """令和8年12月; a month with an era change is named by the newer era (平成元年1月)."""
    day = tokyo_date(value)
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last = following - datetime.timedelta(days=1)
    return f"{wareki_year(last)}{day.month}月"


def fiscal_year_label(year: int, wareki: bool = False) -> str:
    """2026年度, or 令和8年度; a fiscal year takes the era of its first calendar year's end."""
    if not wareki:
        return f"{year}年度"
    era, number = era_of(datetime.date(year, 12, 31))
    return f"{era.name}{_numeral(number)}年度"
