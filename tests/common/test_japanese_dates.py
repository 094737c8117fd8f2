"""The Japanese calendar rules, checked against dates every office knows."""

import datetime

import pytest

from common import japanese_dates as jd

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(1989, 1, 7), "昭和64年1月7日"),
        (datetime.date(1989, 1, 8), "平成元年1月8日"),
        (datetime.date(2019, 4, 30), "平成31年4月30日"),
        (datetime.date(2019, 5, 1), "令和元年5月1日"),
        (datetime.date(2026, 12, 4), "令和8年12月4日"),
        (datetime.date(1926, 12, 24), "大正15年12月24日"),
        (datetime.date(1926, 12, 25), "昭和元年12月25日"),
        (datetime.date(1912, 7, 30), "大正元年7月30日"),
        (datetime.date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_era_dates_change_on_the_day_and_write_the_first_year_as_gannen(day, expected):
    assert jd.wareki_date(day) == expected


def test_a_moment_is_dated_by_tokyo_time():
    # 2019-04-30 15:00 UTC is already 1 May in Tokyo: the first day of Reiwa.
    assert jd.wareki_date(datetime.datetime(2019, 4, 30, 15, 0, tzinfo=UTC)) == "令和元年5月1日"
    assert jd.wareki_date(datetime.datetime(2019, 4, 30, 14, 59, tzinfo=UTC)) == "平成31年4月30日"


def test_a_moment_is_written_with_its_tokyo_time():
    moment = datetime.datetime(2026, 12, 4, 0, 5, tzinfo=UTC)
    assert jd.wareki_datetime(moment) == "令和8年12月4日 9:05"


def test_days_before_the_gregorian_calendar_are_refused():
    with pytest.raises(ValueError):
        jd.wareki_date(datetime.date(1872, 12, 31))


def test_a_month_with_an_era_change_is_named_by_the_newer_era():
    assert jd.wareki_month(datetime.date(1989, 1, 1)) == "平成元年1月"
    assert jd.wareki_month(datetime.date(2019, 4, 1)) == "平成31年4月"
    assert jd.wareki_month(datetime.date(2019, 5, 1)) == "令和元年5月"
    assert jd.wareki_month(datetime.date(2024, 2, 1)) == "令和6年2月"


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2026, 4, 1), 2026),
        (datetime.date(2026, 12, 31), 2026),
        (datetime.date(2027, 1, 1), 2026),
        (datetime.date(2027, 3, 31), 2026),
        (datetime.date(2027, 4, 1), 2027),
        (datetime.date(2026, 3, 31), 2025),
    ],
)
def test_the_fiscal_year_runs_from_april_to_march(day, year):
    assert jd.fiscal_year(day) == year


def test_the_fiscal_year_of_a_moment_is_decided_in_tokyo():
    # 2027-03-31 23:59 JST and 2027-04-01 00:00 JST, written in UTC.
    assert jd.fiscal_year(datetime.datetime(2027, 3, 31, 14, 59, 59, tzinfo=UTC)) == 2026
    assert jd.fiscal_year(datetime.datetime(2027, 3, 31, 15, 0, tzinfo=UTC)) == 2027


def test_a_fiscal_years_days_and_bounds():
    assert jd.fiscal_year_first_day(2026) == datetime.date(2026, 4, 1)
    assert jd.fiscal_year_last_day(2026) == datetime.date(2027, 3, 31)
    start, end = jd.fiscal_year_bounds(2026)
    assert start == datetime.datetime(2026, 3, 31, 15, 0, tzinfo=UTC)
    assert end == datetime.datetime(2027, 3, 31, 15, 0, tzinfo=UTC)


def test_a_fiscal_year_has_twelve_months_from_april_to_march():
    months = jd.fiscal_year_months(2026)
    assert len(months) == 12
    assert months[0] == datetime.date(2026, 4, 1)
    assert months[8] == datetime.date(2026, 12, 1)
    assert months[9] == datetime.date(2027, 1, 1)
    assert months[-1] == datetime.date(2027, 3, 1)
    assert all(jd.fiscal_year(month) == 2026 for month in months)


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2026, "令和8年度"),
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_fiscal_year_labels_in_the_era_of_the_year_it_begins(year, label):
    assert jd.fiscal_year_label(year, wareki=True) == label


def test_fiscal_year_label_in_the_western_calendar():
    assert jd.fiscal_year_label(2026) == "2026年度"
