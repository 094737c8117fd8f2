from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from skills.levels import decide, monthly_levels, recompute_levels
from skills.models import SkillEvidence, StaffSkillLevel
from tests.factories import StaffProfileFactory
from tests.skills.factories import SkillFactory

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=TOKYO)
Source = SkillEvidence.Source


def evidence(source, level, days_ago, expires_in=None, pk=None):
    return SkillEvidence(
        pk=pk,
        source=source,
        level=level,
        observed_at=NOW - timedelta(days=days_ago),
        expires_at=None if expires_in is None else NOW + timedelta(days=expires_in),
    )


def level_of(*items):
    decided = decide(items, NOW)
    return decided.level if decided else None


def test_an_assessment_outranks_a_newer_self_assessment():
    assert level_of(evidence(Source.ASSESSMENT, 2, 30), evidence(Source.SELF, 4, 1)) == 2


def test_a_manager_confirmation_outranks_a_completed_lesson():
    assert level_of(evidence(Source.LESSON, 3, 1), evidence(Source.MANAGER, 1, 60)) == 1


def test_a_completed_lesson_outranks_a_self_assessment_up_to_the_learning_cap(settings):
    settings.LEARNING_EVIDENCE_MAX_LEVEL = 2
    assert level_of(evidence(Source.SELF, 4, 1), evidence(Source.LESSON, 3, 10)) == 2


def test_within_the_same_rank_the_newer_wins_even_when_lower():
    assert level_of(evidence(Source.ASSESSMENT, 4, 90), evidence(Source.ASSESSMENT, 2, 5)) == 2


def test_assessment_and_manager_share_a_rank_so_the_newer_wins():
    assert level_of(evidence(Source.MANAGER, 3, 5), evidence(Source.ASSESSMENT, 1, 50)) == 3


def test_expired_evidence_no_longer_counts():
    assert (
        level_of(evidence(Source.ASSESSMENT, 4, 400, expires_in=-1), evidence(Source.SELF, 1, 3))
        == 1
    )


def test_evidence_from_the_future_does_not_count_yet():
    assert level_of(evidence(Source.ASSESSMENT, 4, -1)) is None


def test_at_the_same_moment_the_later_recorded_wins():
    assert level_of(evidence(Source.SELF, 1, 3, pk=1), evidence(Source.SELF, 2, 3, pk=2)) == 2


@pytest.mark.django_db
def test_recompute_stores_the_level_and_removes_it_when_all_evidence_expired():
    staff = StaffProfileFactory()
    skill = SkillFactory()
    SkillEvidence.objects.create(
        staff=staff,
        skill=skill,
        level=3,
        source=Source.ASSESSMENT,
        observed_at=NOW - timedelta(days=10),
        expires_at=NOW + timedelta(days=10),
    )
    assert recompute_levels(staff, at=NOW) == {skill.pk: 3}
    stored = StaffSkillLevel.objects.get(staff=staff, skill=skill)
    assert (stored.basis, stored.basis_at) == ("assessed", NOW - timedelta(days=10))

    assert recompute_levels(staff, at=NOW + timedelta(days=11)) == {}
    assert not StaffSkillLevel.objects.filter(staff=staff).exists()


@pytest.mark.django_db
def test_monthly_levels_follow_the_evidence_month_by_month():
    staff = StaffProfileFactory()
    skill = SkillFactory()
    for level, when in [
        (1, datetime(2026, 8, 10, tzinfo=TOKYO)),
        (3, datetime(2026, 10, 5, tzinfo=TOKYO)),
    ]:
        SkillEvidence.objects.create(
            staff=staff, skill=skill, level=level, source=Source.ASSESSMENT, observed_at=when
        )
    series = monthly_levels(staff, [skill], months=5, at=NOW)[skill.pk]
    assert series == [
        ("2026-07", None),
        ("2026-08", 1),
        ("2026-09", 1),
        ("2026-10", 3),
        ("2026-11", 3),
    ]
