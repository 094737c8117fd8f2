"""HR's periods: a fiscal year (年度, April to March in Tokyo time) or months, and trends by
fiscal year that add up to their months."""

import csv
import datetime
import io

import pytest

from courses.models import LessonProgress
from organisation.models import Municipality
from skills import portfolio_compute, portfolio_filters, portfolio_read
from skills.models import PortfolioSnapshot
from skills.portfolio_activity import course_effectiveness
from skills.portfolio_periods import Period
from tests.factories import StaffProfileFactory, hr_user, make_course, make_lesson, municipality
from tests.skills.factories import SkillEvidenceFactory, framework_with_skills

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# The last second of fiscal year 2026 and the first of 2027, in Tokyo (UTC+9).
LAST_MOMENT_OF_FY2026 = datetime.datetime(2027, 3, 31, 14, 59, 59, tzinfo=UTC)
FIRST_MOMENT_OF_FY2027 = datetime.datetime(2027, 3, 31, 15, 0, tzinfo=UTC)

# month: (n, level_sum, targeted, at_target)
MONTHS = {
    datetime.date(2026, 3, 1): (10, 10, 10, 1),
    datetime.date(2026, 4, 1): (10, 20, 10, 2),
    datetime.date(2026, 10, 1): (12, 30, 12, 6),
    datetime.date(2027, 3, 1): (14, 42, 14, 7),
    datetime.date(2027, 4, 1): (14, 56, 14, 14),
}


@pytest.fixture
def framework():
    framework, (skill,) = framework_with_skills(1)
    shinjuku = municipality("131041")
    for month, (n, level_sum, targeted, at_target) in MONTHS.items():
        PortfolioSnapshot.objects.create(
            month=month,
            municipality=shinjuku,
            skill=skill,
            n=n,
            level_sum=level_sum,
            targeted=targeted,
            at_target=at_target,
        )
    return framework


def trends(**query) -> list[dict]:
    filters = portfolio_filters.parse_filters(query)
    return portfolio_read.trends(filters, Municipality.objects.all())


def test_fiscal_year_2026_keeps_march_2027_and_leaves_out_april_2027(framework):
    assert [row["period"] for row in trends(fy="2026")] == ["2026-04", "2026-10", "2027-03"]


def test_a_range_of_months_keeps_both_ends(framework):
    rows = trends(**{"from": "2026-04", "to": "2026-10"})
    assert [row["period"] for row in rows] == ["2026-04", "2026-10"]


def test_a_trend_by_fiscal_year_adds_up_to_the_months_it_spans(framework):
    rows = {row["period"]: row for row in trends(by="fy")}
    assert list(rows) == ["2025", "2026", "2027"]
    spanned = [
        MONTHS[datetime.date(*month)] for month in ((2026, 4, 1), (2026, 10, 1), (2027, 3, 1))
    ]
    n, level_sum, targeted, at_target = (sum(column) for column in zip(*spanned, strict=True))
    fy2026 = rows["2026"]
    assert fy2026["months"] == 3
    assert fy2026["mean_level"] == round(level_sum / n, 2)
    assert fy2026["at_target"] == round(at_target / targeted, 3)
    assert rows["2025"]["months"] == rows["2027"]["months"] == 1


def test_a_fiscal_year_filter_and_fiscal_year_grouping_give_one_row(framework):
    (row,) = trends(fy="2026", by="fy")
    assert (row["period"], row["fiscal_year"], row["months"]) == ("2026", 2026, 3)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"fy": "26"}, "年度「26」は4桁の西暦年で指定してください"),
        ({"fy": "令和8"}, "4桁の西暦年"),
        ({"from": "2026-13"}, "月「2026-13」は YYYY-MM の形で"),
        ({"to": "2026/04"}, "YYYY-MM の形で"),
        ({"from": "2026-10", "to": "2026-04"}, "期間の始まりが終わりより後"),
        ({"fy": "2026", "from": "2026-04"}, "どちらか一方だけ"),
        ({"by": "week"}, "推移の単位「week」はありません"),
    ],
)
def test_a_period_that_cannot_be_read_is_refused_in_japanese(query, message):
    with pytest.raises(portfolio_filters.BadFilter, match=message):
        portfolio_filters.parse_filters(query)


def test_the_period_travels_with_the_other_filters():
    filters = portfolio_filters.parse_filters({"fy": "2026", "by": "fy"})
    assert filters.as_params()["fy"] == "2026"
    assert filters.as_params()["by"] == "fy"
    assert "by" not in portfolio_filters.parse_filters({}).as_params()


def test_a_fiscal_year_is_described_in_both_calendars_with_its_days():
    assert Period.of_fiscal_year(2026).describe() == "2026年度（令和8年度）2026/4/1〜2027/3/31"


def test_a_fiscal_years_bounds_are_midnight_in_tokyo():
    start, end = Period.of_fiscal_year(2026).bounds()
    assert start == datetime.datetime(2026, 3, 31, 15, 0, tzinfo=UTC)
    assert end == FIRST_MOMENT_OF_FY2027


def test_course_effectiveness_of_a_fiscal_year_counts_completions_until_midnight_tokyo(
    course_index,
):
    _, (skill,) = framework_with_skills(1)
    lesson = make_lesson(make_course(course_index, title="データ活用入門"))
    shinjuku = municipality("131041")
    for moment in (LAST_MOMENT_OF_FY2026, FIRST_MOMENT_OF_FY2027):
        for person in StaffProfileFactory.create_batch(5, municipality=shinjuku):
            LessonProgress.objects.create(user=person.user, lesson=lesson, completed_at=moment)
            SkillEvidenceFactory(
                staff=person,
                skill=skill,
                source="lesson",
                reference=f"lesson:{lesson.pk}",
                observed_at=moment,
            )
    everyone = Municipality.objects.all()
    (fy2026,) = course_effectiveness(everyone, Period.of_fiscal_year(2026))
    (fy2027,) = course_effectiveness(everyone, Period.of_fiscal_year(2027))
    (always,) = course_effectiveness(everyone)
    assert (fy2026["participants"], fy2027["participants"], always["participants"]) == (5, 5, 10)


def test_a_back_filled_month_ends_at_midnight_in_tokyo():
    _, (skill,) = framework_with_skills(1)
    october = datetime.datetime(2026, 10, 10, tzinfo=UTC)
    # 1 November, 5:00 in Tokyo: November's, though still 31 October in UTC.
    november_morning = datetime.datetime(2026, 10, 31, 20, 0, tzinfo=UTC)
    for person in StaffProfileFactory.create_batch(5):
        SkillEvidenceFactory(staff=person, skill=skill, level=1, observed_at=october)
        SkillEvidenceFactory(staff=person, skill=skill, level=4, observed_at=november_morning)
    portfolio_compute.take_snapshot_as_of(datetime.date(2026, 10, 1))
    row = PortfolioSnapshot.objects.get(month=datetime.date(2026, 10, 1), all_roles=True)
    assert row.level_sum == 5


def test_the_dashboard_shows_fiscal_years_in_the_chosen_calendar(client, framework):
    client.force_login(hr_user())
    html = client.get("/portfolio/?fy=2026&by=fy").content.decode()
    assert "年度ごとの推移" in html
    assert "2026年度" in html
    client.cookies["date_style"] = "wareki"
    html = client.get("/portfolio/?by=fy").content.decode()
    assert "令和8年度" in html
    assert "令和7年度" in html


def test_the_dashboard_shows_wareki_months(client, framework):
    client.force_login(hr_user())
    client.cookies["date_style"] = "wareki"
    html = client.get("/portfolio/?fy=2026").content.decode()
    assert "令和9年3月" in html
    assert "令和9年4月" not in html


def test_a_bad_period_is_explained_and_the_dashboard_still_shows(client, framework):
    client.force_login(hr_user())
    response = client.get("/portfolio/?fy=twenty")
    assert response.status_code == 200
    assert "4桁の西暦年" in response.content.decode()


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_trends_export_names_each_month_in_both_calendars_and_its_fiscal_year(
    client, framework
):
    client.force_login(hr_user())
    header, *rows = read_csv(client.get("/portfolio/export/trends.csv?fy=2026").content)
    assert header[:4] == ["期間", "和暦", "年度", "月数"]
    assert rows[-1][:4] == ["2027-03", "令和9年3月", "2026年度", "1"]


def test_the_trends_export_by_fiscal_year(client, framework):
    client.force_login(hr_user())
    _header, *rows = read_csv(client.get("/portfolio/export/trends.csv?by=fy").content)
    assert [row[:4] for row in rows] == [
        ["2025年度", "令和7年度", "2025年度", "1"],
        ["2026年度", "令和8年度", "2026年度", "3"],
        ["2027年度", "令和9年度", "2027年度", "1"],
    ]
