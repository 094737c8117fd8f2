"""The demo tells the story of story.py: training raises levels where it happened, not elsewhere.

The demo is loaded once for the module, inside a transaction rolled back at the end.
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django.test import override_settings
from django.utils import timezone

from demo import story
from organisation.models import Municipality
from skills import portfolio_filters, portfolio_read
from skills.models import (
    Basis,
    PortfolioCell,
    PortfolioSnapshot,
    QuizAttempt,
    SkillEvidence,
    StaffSkillLevel,
)
from skills.portfolio_activity import course_effectiveness

pytestmark = pytest.mark.django_db

TRAINED_WARD = "131041"  # 新宿区
TRAINED_CITY = "132012"  # 八王子市
UNTRAINED_CITY = "132098"  # 町田市
ISLAND_VILLAGE = "133621"  # 利島村


def quiet(*args) -> None:
    with open("/dev/null", "w") as devnull:
        call_command(*args, stdout=devnull)


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True, DEMO_RECORDING=False):
        with transaction.atomic():
            quiet("seed_demo")
            yield
            transaction.set_rollback(True)


def mean_levels(code: str) -> dict[str, float | None]:
    """Month label → the municipality's mean Government Cloud level, as the trend shows it."""
    filters = portfolio_filters.parse_filters(QueryDict("framework=gov-cloud"))
    rows = portfolio_read.trends(filters, Municipality.objects.filter(code=code))
    return {row["period"]: row["mean_level"] for row in rows}


def after_baseline() -> str:
    """The last month of the baseline test (the end of the earlier fiscal year)."""
    return f"{story.month_start(timezone.now(), story.BASELINE_MONTHS[1]):%Y-%m}"


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def rows(model) -> set[tuple]:
    """Every row's values but its id and timestamps."""
    columns = [
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in ("id", "updated_at", "created_at")
    ]
    return set(model.objects.values_list(*columns))


def figures() -> tuple:
    """Everything the story's numbers are read from: levels, cells and snapshots."""
    return rows(StaffSkillLevel), rows(PortfolioCell), rows(PortfolioSnapshot)


@pytest.mark.parametrize("code", [TRAINED_WARD, TRAINED_CITY])
def test_levels_rise_after_training_in_a_trained_municipality(code):
    levels = mean_levels(code)
    assert levels[this_month()] >= levels[after_baseline()] + 0.2


def test_levels_do_not_rise_in_a_municipality_with_almost_no_training():
    levels = mean_levels(UNTRAINED_CITY)
    assert levels[this_month()] <= levels[after_baseline()]


def test_the_trend_spans_two_fiscal_years():
    filters = portfolio_filters.parse_filters(QueryDict("framework=gov-cloud&by=fy"))
    rows = portfolio_read.trends(filters, Municipality.objects.all())
    assert len(rows) == 2
    assert rows[1]["mean_level"] > rows[0]["mean_level"]


def test_course_effectiveness_shows_the_trained_ward_improving():
    rows = course_effectiveness(Municipality.objects.filter(code=TRAINED_WARD))
    assert rows
    assert all(row["after"] > row["before"] for row in rows)


def test_someone_s_level_fell_after_a_failed_test():
    failed = {
        f"quiz-attempt:{pk}"
        for pk in QuizAttempt.objects.filter(passed=False).values_list("pk", flat=True)
    }
    earlier: dict = {}
    fell = []
    for item in SkillEvidence.objects.filter(source=SkillEvidence.Source.ASSESSMENT).order_by(
        "observed_at"
    ):
        key = (item.staff_id, item.skill_id)
        if key in earlier and item.level < earlier[key] and item.reference in failed:
            fell.append((key, item.level))
        earlier[key] = item.level
    assert any(
        StaffSkillLevel.objects.filter(staff_id=staff, skill_id=skill, level=level).exists()
        for (staff, skill), level in fell
    )


def test_every_basis_appears():
    assert set(StaffSkillLevel.objects.values_list("basis", flat=True)) == set(Basis.values)


def test_small_island_villages_still_show_suppressed_cells():
    cells = PortfolioCell.objects.filter(municipality__code=ISLAND_VILLAGE)
    assert cells.filter(suppressed=True).exists()
    assert not cells.filter(suppressed=False, n__gt=0).exists()


def test_the_story_survives_recomputing_levels_and_portfolio():
    seeded = figures()
    quiet("recompute_skill_levels")
    quiet("recompute_portfolio", "--snapshot")
    assert figures() == seeded


def test_seeding_again_changes_none_of_the_story():
    seeded = figures(), QuizAttempt.objects.count(), SkillEvidence.objects.count()
    with override_settings(DEBUG=True, DEMO_RECORDING=False):
        quiet("seed_demo")
    assert (figures(), QuizAttempt.objects.count(), SkillEvidence.objects.count()) == seeded
